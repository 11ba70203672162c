// The scanner export folder: today's scanner software writes STL/PLY/OBJ files into a folder; the
// station watches it with inotify, recognises upper / lower / bite files by the usual names and
// takes a file only when it is complete — closed for writing (IN_CLOSE_WRITE, or moved in) and its
// size unchanged for a settle time — so a half-written export is never imported.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "base/result.h"

namespace intake::drivers {

enum class ScanRole { upper, lower, bite };
const char* scan_role_name(ScanRole role);

// By name: bite / occlusion / buccal → bite; upper / maxilla / "_u" → upper; lower / mandible /
// "_l" → lower; only .stl, .ply and .obj; hidden and partial (.part, .tmp, ~) files never match.
std::optional<ScanRole> classify_scan_file(const std::filesystem::path& path);

struct ImportedScan {
    ScanRole role = ScanRole::upper;
    std::filesystem::path path;
    uint64_t size = 0;
};

struct FolderWatchOptions {
    std::chrono::milliseconds settle{
        1000};                     // the size must stay the same this long after the close
    bool include_existing = true;  // files already in the folder count (a finished export)
};

class FolderWatcher {
  public:
    static Result<FolderWatcher> open(const std::filesystem::path& folder,
                                      FolderWatchOptions options = {});
    FolderWatcher(FolderWatcher&& other) noexcept;
    FolderWatcher& operator=(FolderWatcher&& other) noexcept;
    FolderWatcher(const FolderWatcher&) = delete;
    FolderWatcher& operator=(const FolderWatcher&) = delete;
    ~FolderWatcher();

    // The next complete, recognised file; std::nullopt when none completes within `timeout`.
    Result<std::optional<ImportedScan>> next(std::chrono::milliseconds timeout);
    // Waits until a file of each role has been taken (the newest file wins per role).
    Result<std::map<ScanRole, ImportedScan>> wait_for(const std::set<ScanRole>& roles,
                                                      std::chrono::milliseconds timeout);

    const std::filesystem::path& folder() const { return folder_; }

  private:
    using Clock = std::chrono::steady_clock;
    struct Candidate {
        uint64_t size = 0;
        Clock::time_point since;
    };
    FolderWatcher(std::filesystem::path folder, FolderWatchOptions options, int fd);
    Status read_events();
    void touch(const std::filesystem::path& path, bool closed);
    std::optional<ImportedScan> take_settled();

    std::filesystem::path folder_;
    FolderWatchOptions options_;
    int fd_ = -1;
    std::map<std::filesystem::path, Candidate> candidates_;  // closed, waiting for the settle time
    std::set<std::filesystem::path> writing_;                // modified since the last close
};

}  // namespace intake::drivers
