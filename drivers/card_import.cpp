#include "drivers/card_import.h"

#include <algorithm>
#include <cctype>

namespace intake::drivers {
namespace {

bool is_photo(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const std::string name = path.filename().string();
    if (name.empty() || name[0] == '.') return false;  // macOS "._IMG_0001.JPG" resource forks
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".heic" || ext == ".heif";
}

std::filesystem::path find_dcim(const std::filesystem::path& card) {
    std::error_code ec;
    if (card.filename() == "DCIM" && std::filesystem::is_directory(card, ec)) return card;
    for (const char* name : {"DCIM", "dcim"}) {
        if (std::filesystem::is_directory(card / name, ec)) return card / name;
    }
    return {};
}

}  // namespace

Result<std::vector<CardSession>> scan_camera_card(const std::filesystem::path& card) {
    const auto dcim = find_dcim(card);
    if (dcim.empty())
        return fail(Errc::not_found, card.string() + ": no DCIM folder (is this a camera card?)");
    std::error_code ec;
    std::vector<CardSession> sessions;
    for (const auto& dir : std::filesystem::directory_iterator(dcim, ec)) {
        if (!dir.is_directory(ec)) continue;
        CardSession session{dir.path().filename().string(), dir.path(), {}, {}};
        for (const auto& f : std::filesystem::directory_iterator(dir.path(), ec)) {
            if (!f.is_regular_file(ec) || !is_photo(f.path())) continue;
            CardPhoto photo{f.path(), f.file_size(ec), f.last_write_time(ec)};
            session.newest = std::max(session.newest, photo.modified);
            session.photos.push_back(std::move(photo));
        }
        if (session.photos.empty()) continue;
        std::sort(session.photos.begin(), session.photos.end(),
                  [](const CardPhoto& a, const CardPhoto& b) {
                      return a.path.filename() < b.path.filename();
                  });
        sessions.push_back(std::move(session));
    }
    if (ec) return fail(Errc::io, dcim.string() + ": cannot list the card: " + ec.message());
    // Newest session first; folder name breaks ties so the order is stable.
    std::sort(sessions.begin(), sessions.end(), [](const CardSession& a, const CardSession& b) {
        return a.newest != b.newest ? a.newest > b.newest : a.name > b.name;
    });
    return sessions;
}

}  // namespace intake::drivers
