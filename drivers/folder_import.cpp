#include "drivers/folder_import.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace intake::drivers {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool contains(const std::string& s, std::string_view word) {
    return s.find(word) != std::string::npos;
}

// "_u" / "_l" as a token: preceded by '_' and followed by the end or a separator.
bool has_suffix_token(const std::string& stem, char letter) {
    for (size_t i = 0; i + 1 < stem.size(); ++i) {
        if (stem[i] == '_' && stem[i + 1] == letter &&
            (i + 2 == stem.size() || !std::isalnum(static_cast<unsigned char>(stem[i + 2])))) {
            return true;
        }
    }
    return false;
}

// The time-out message of wait_for(): the roles still missing and the files that were there but
// had to be asked about.
std::string missing_scans(const std::filesystem::path& folder, const std::set<ScanRole>& roles,
                          const std::map<ScanRole, ImportedScan>& found,
                          const std::map<std::filesystem::path, std::string>& questions) {
    std::string missing;
    for (ScanRole r : roles) {
        if (found.count(r) > 0) continue;
        if (!missing.empty()) missing += ", ";
        missing += scan_role_name(r);
    }
    std::string message = folder.string() + ": no complete " + missing + " scan appeared in time";
    const char* separator = "; not taken without an answer: ";
    for (const auto& [file, question] : questions) {
        message += separator;
        message += file.filename().string() + " (" + question + ")";
        separator = ", ";
    }
    return message;
}

}  // namespace

const char* scan_role_name(ScanRole role) {
    switch (role) {
        case ScanRole::upper:
            return "upper";
        case ScanRole::lower:
            return "lower";
        case ScanRole::bite:
            return "bite";
    }
    return "unknown";
}

bool is_offered_file(const std::filesystem::path& path) {
    const std::string name = lower(path.filename().string());
    const std::string ext = lower(path.extension().string());
    if (name.empty() || name[0] == '.' || name.back() == '~') return false;
    return ext == ".stl" || ext == ".ply" || ext == ".obj" || ext == ".zip";
}

ScanFileMatch match_scan_name(const std::filesystem::path& path) {
    ScanFileMatch m;
    const std::string stem = lower(path.stem().string());
    if (lower(path.extension().string()) == ".zip") {
        // Unpacking needs an inflater; the one the station has (libzip) belongs to
        // station/package, so the person extracts the archive into the folder instead.
        m.question = "a ZIP archive: extract its STL/PLY/OBJ files into the folder";
        return m;
    }
    if (contains(stem, "situ") || contains(stem, "preop") || contains(stem, "pre-op")) {
        m.question = "a pre-operative (situation) scan, not necessarily today's arch";
        return m;
    }
    std::vector<std::pair<ScanRole, std::string>> hits;
    auto hit = [&](ScanRole role, const char* pattern, bool matched) {
        if (matched && (hits.empty() || hits.back().first != role))
            hits.emplace_back(role, pattern);
    };
    hit(ScanRole::upper, "*upper*", contains(stem, "upper"));
    hit(ScanRole::upper, "*maxill*", contains(stem, "maxill"));
    hit(ScanRole::upper, "*_u", has_suffix_token(stem, 'u'));
    hit(ScanRole::lower, "*lower*", contains(stem, "lower"));
    hit(ScanRole::lower, "*mandib*", contains(stem, "mandib"));
    hit(ScanRole::lower, "*_l", has_suffix_token(stem, 'l'));
    hit(ScanRole::bite, "*bite*", contains(stem, "bite"));
    hit(ScanRole::bite, "*buccal*", contains(stem, "buccal"));
    if (hits.empty()) {
        m.question = "the name matches no upper, lower or bite pattern";
    } else if (hits.size() > 1) {
        m.question = std::string("the name matches both ") + scan_role_name(hits[0].first) + " (" +
                     hits[0].second + ") and " + scan_role_name(hits[1].first) + " (" +
                     hits[1].second + ")";
    } else {
        m.role = hits[0].first;
        m.source = "name " + hits[0].second;
    }
    return m;
}

ScanFileMatch match_scan_file(const std::filesystem::path& path, const FolderManifests& manifests) {
    const std::string key = lower(path.filename().string());
    if (auto c = manifests.conflicts.find(key); c != manifests.conflicts.end()) {
        return {std::nullopt, "", "the scanner's manifests disagree: " + c->second};
    }
    if (auto it = manifests.roles.find(key); it != manifests.roles.end()) {
        return {it->second.role, "manifest " + it->second.manifest, ""};
    }
    return match_scan_name(path);
}

std::optional<ScanRole> classify_scan_file(const std::filesystem::path& path) {
    if (!is_offered_file(path)) return std::nullopt;
    return match_scan_name(path).role;
}

std::vector<ScanOffer> list_offers(const std::filesystem::path& folder) {
    std::vector<ScanOffer> offers;
    const FolderManifests manifests = read_folder_manifests(folder);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file(ec) || !is_offered_file(entry.path())) continue;
        ScanOffer o{entry.path(), entry.file_size(ec), entry.last_write_time(ec),
                    match_scan_file(entry.path(), manifests)};
        offers.push_back(std::move(o));
    }
    std::sort(offers.begin(), offers.end(), [](const ScanOffer& a, const ScanOffer& b) {
        return a.modified != b.modified ? a.modified > b.modified : a.path < b.path;
    });
    return offers;
}

FolderWatcher::FolderWatcher(std::filesystem::path folder, FolderWatchOptions options, int fd)
    : folder_(std::move(folder)), options_(options), fd_(fd) {}

FolderWatcher::FolderWatcher(FolderWatcher&& other) noexcept
    : folder_(std::move(other.folder_)),
      options_(other.options_),
      fd_(std::exchange(other.fd_, -1)),
      candidates_(std::move(other.candidates_)),
      writing_(std::move(other.writing_)),
      manifests_(std::move(other.manifests_)),
      questions_(std::move(other.questions_)) {}

FolderWatcher& FolderWatcher::operator=(FolderWatcher&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        folder_ = std::move(other.folder_);
        options_ = other.options_;
        fd_ = std::exchange(other.fd_, -1);
        candidates_ = std::move(other.candidates_);
        writing_ = std::move(other.writing_);
        manifests_ = std::move(other.manifests_);
        questions_ = std::move(other.questions_);
    }
    return *this;
}

FolderWatcher::~FolderWatcher() {
    if (fd_ >= 0) ::close(fd_);
}

Result<FolderWatcher> FolderWatcher::open(const std::filesystem::path& folder,
                                          FolderWatchOptions options) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return fail(Errc::not_found, folder.string() + ": export folder does not exist");
    }
    const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return fail(Errc::io, std::string("inotify_init1: ") + std::strerror(errno));
    if (inotify_add_watch(fd, folder.c_str(),
                          IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY | IN_CREATE) < 0) {
        const int err = errno;
        ::close(fd);
        return fail(err == EACCES ? Errc::access_denied : Errc::io,
                    folder.string() + ": cannot watch the export folder: " + std::strerror(err));
    }
    FolderWatcher watcher(folder, options, fd);
    watcher.manifests_ = read_folder_manifests(folder);
    if (options.include_existing) {
        const auto found_at = Clock::now();
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
            if (entry.is_regular_file(ec)) watcher.touch(entry.path(), true);
        }
        // The files already there settle together, so the newest of them is offered first: with
        // a clock each, a slow listing let the first one listed settle alone and be taken.
        for (auto& [path, candidate] : watcher.candidates_) candidate.since = found_at;
    }
    return watcher;
}

// A close (or move-in) starts the settle clock; a modification without a close stops it.
void FolderWatcher::touch(const std::filesystem::path& path, bool closed) {
    if (closed && is_export_manifest(path)) {
        // A manifest written after its scans changes what they are: judge them again.
        manifests_ = read_folder_manifests(folder_);
        std::vector<std::filesystem::path> again;
        for (const auto& [file, question] : std::exchange(questions_, {})) again.push_back(file);
        for (const auto& [file, c] : std::exchange(candidates_, {})) again.push_back(file);
        for (const auto& file : again) touch(file, true);
        return;
    }
    if (!is_offered_file(path)) return;
    ScanFileMatch match = match_scan_file(path, manifests_);
    if (!match.role) {
        questions_[path] = match.question;
        candidates_.erase(path);
        return;
    }
    questions_.erase(path);
    if (!closed) {
        writing_.insert(path);
        candidates_.erase(path);
        return;
    }
    writing_.erase(path);
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return;
    candidates_[path] = Candidate{size, Clock::now()};
}

Status FolderWatcher::read_events() {
    alignas(inotify_event) std::array<char, 16384> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) return ok();
            return fail(Errc::io,
                        folder_.string() + ": reading inotify events: " + std::strerror(errno));
        }
        for (ssize_t at = 0; at < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buffer.data() + at);
            if (ev->len > 0) {
                const auto path = folder_ / ev->name;
                touch(path, (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) != 0);
            }
            at += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
        }
    }
}

// Of the candidates whose settle time has passed and whose size held, the newest is taken
// (a fresh export beats an older one of the same patient still lying in the folder).
std::optional<ImportedScan> FolderWatcher::take_settled() {
    const auto now = Clock::now();
    auto best = candidates_.end();
    std::filesystem::file_time_type best_time;
    for (auto it = candidates_.begin(); it != candidates_.end();) {
        if (now - it->second.since < options_.settle) {
            ++it;
            continue;
        }
        std::error_code ec;
        const auto size = std::filesystem::file_size(it->first, ec);
        if (ec) {
            it = candidates_.erase(it);
            continue;
        }
        if (size != it->second.size) {
            it->second = Candidate{size, now};  // still growing: start the clock again
            ++it;
            continue;
        }
        const auto modified = std::filesystem::last_write_time(it->first, ec);
        if (best == candidates_.end() || modified > best_time) best = it, best_time = modified;
        ++it;
    }
    if (best == candidates_.end()) return std::nullopt;
    ScanFileMatch match = match_scan_file(best->first, manifests_);
    if (!match.role) {  // judged clear when it settled; a manifest since says otherwise
        questions_[best->first] = match.question;
        candidates_.erase(best);
        return std::nullopt;
    }
    ImportedScan scan{*match.role, best->first, best->second.size, match.source};
    candidates_.erase(best);
    return scan;
}

Result<std::optional<ImportedScan>> FolderWatcher::next(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        INTAKE_TRY(read_events());
        if (auto scan = take_settled()) return std::optional<ImportedScan>(std::move(scan));
        auto wake = deadline;
        for (const auto& [path, c] : candidates_) wake = std::min(wake, c.since + options_.settle);
        const auto now = Clock::now();
        if (now >= deadline) return std::optional<ImportedScan>();
        const auto wait =
            std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count() + 1;
        pollfd pfd{fd_, POLLIN, 0};
        ::poll(&pfd, 1, static_cast<int>(std::min<long long>(wait, 1000)));
    }
}

Result<std::map<ScanRole, ImportedScan>> FolderWatcher::wait_for(
    const std::set<ScanRole>& roles, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::map<ScanRole, ImportedScan> found;
    while (
        !std::all_of(roles.begin(), roles.end(), [&](ScanRole r) { return found.count(r) > 0; })) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return fail(Errc::timeout, missing_scans(folder_, roles, found, questions_));
        auto scan = next(left);
        if (!scan) return fail(scan.error());
        if (scan.value()) found[scan.value()->role] = *scan.value();
    }
    return found;
}

}  // namespace intake::drivers
