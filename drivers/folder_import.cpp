#include "drivers/folder_import.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
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

std::optional<ScanRole> classify_scan_file(const std::filesystem::path& path) {
    const std::string name = lower(path.filename().string());
    const std::string ext = lower(path.extension().string());
    if (name.empty() || name[0] == '.' || name.back() == '~') return std::nullopt;
    if (ext != ".stl" && ext != ".ply" && ext != ".obj") return std::nullopt;
    const std::string stem = lower(path.stem().string());
    if (contains(stem, "bite") || contains(stem, "occlusion") || contains(stem, "buccal"))
        return ScanRole::bite;
    const bool up =
        contains(stem, "upper") || contains(stem, "maxilla") || has_suffix_token(stem, 'u');
    const bool low =
        contains(stem, "lower") || contains(stem, "mandible") || has_suffix_token(stem, 'l');
    if (up == low) return std::nullopt;  // neither, or both: not ours to guess
    return up ? ScanRole::upper : ScanRole::lower;
}

FolderWatcher::FolderWatcher(std::filesystem::path folder, FolderWatchOptions options, int fd)
    : folder_(std::move(folder)), options_(options), fd_(fd) {}

FolderWatcher::FolderWatcher(FolderWatcher&& other) noexcept
    : folder_(std::move(other.folder_)),
      options_(other.options_),
      fd_(std::exchange(other.fd_, -1)),
      candidates_(std::move(other.candidates_)),
      writing_(std::move(other.writing_)) {}

FolderWatcher& FolderWatcher::operator=(FolderWatcher&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        folder_ = std::move(other.folder_);
        options_ = other.options_;
        fd_ = std::exchange(other.fd_, -1);
        candidates_ = std::move(other.candidates_);
        writing_ = std::move(other.writing_);
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
    if (options.include_existing) {
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
            if (entry.is_regular_file(ec)) watcher.touch(entry.path(), true);
        }
    }
    return watcher;
}

// A close (or move-in) starts the settle clock; a modification without a close stops it.
void FolderWatcher::touch(const std::filesystem::path& path, bool closed) {
    if (!classify_scan_file(path)) return;
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
    alignas(inotify_event) std::array<char, 16384> buffer;
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

// A candidate whose settle time has passed is taken if its size did not change meanwhile.
std::optional<ImportedScan> FolderWatcher::take_settled() {
    const auto now = Clock::now();
    for (auto it = candidates_.begin(); it != candidates_.end(); ++it) {
        if (now - it->second.since < options_.settle) continue;
        std::error_code ec;
        const auto size = std::filesystem::file_size(it->first, ec);
        if (ec) {
            candidates_.erase(it);
            return take_settled();
        }
        if (size != it->second.size) {
            it->second = Candidate{size, now};  // still growing: start the clock again
            continue;
        }
        ImportedScan scan{*classify_scan_file(it->first), it->first, size};
        candidates_.erase(it);
        return scan;
    }
    return std::nullopt;
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
        if (left.count() <= 0) {
            std::string missing;
            for (ScanRole r : roles) {
                if (!found.count(r))
                    missing += std::string(missing.empty() ? "" : ", ") + scan_role_name(r);
            }
            return fail(Errc::timeout,
                        folder_.string() + ": no complete " + missing + " scan appeared in time");
        }
        auto scan = next(left);
        if (!scan) return fail(scan.error());
        if (scan.value()) found[scan.value()->role] = *scan.value();
    }
    return found;
}

}  // namespace intake::drivers
