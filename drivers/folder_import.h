// The scanner export folder: today's scanner software writes STL/PLY/OBJ files into a folder; the
// station watches it with inotify, takes the scanner's own manifest's word on which file is which
// arch (export_manifest.h), else recognises upper / lower / bite files by documented name
// patterns, and asks about anything else rather than guessing. A file is taken only when it is
// complete — closed for writing (IN_CLOSE_WRITE, or moved in) and its size unchanged for a settle
// time — so a half-written export is never imported. Files already there count, newest first.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "drivers/export_manifest.h"

namespace intake::drivers {

enum class ScanRole { upper, lower, bite };
const char* scan_role_name(ScanRole role);

// A file the folder offers: .stl, .ply, .obj or .zip, not hidden, not partial (.part, .tmp, ~).
bool is_offered_file(const std::filesystem::path& path);

// What a file is, and on whose word. `role` empty means "ask": `question` says why.
struct ScanFileMatch {
    std::optional<ScanRole> role;
    std::string source;    // "manifest itero_export_#123_v30.xml" or "name *upper*"
    std::string question;  // when role is empty
};

// By name alone, case-insensitive on the stem: *upper*, *maxill*, *_u → upper; *lower*,
// *mandib*, *_l → lower; *bite*, *buccal* → bite. No pattern, patterns of two roles, a
// pre-operative scan (*situ*, *preop*, *pre-op*) or a ZIP archive: ask.
ScanFileMatch match_scan_name(const std::filesystem::path& path);
// The manifest's entry first (`manifests` from read_folder_manifests), then the name.
ScanFileMatch match_scan_file(const std::filesystem::path& path, const FolderManifests& manifests);
// Name only; empty for "ask" and for files that are no scan.
std::optional<ScanRole> classify_scan_file(const std::filesystem::path& path);

// Every offered file in `folder`, newest first (by modification time), each with its match.
struct ScanOffer {
    std::filesystem::path path;
    uint64_t size = 0;
    std::filesystem::file_time_type modified;
    ScanFileMatch match;
};
std::vector<ScanOffer> list_offers(const std::filesystem::path& folder);

struct ImportedScan {
    ScanRole role = ScanRole::upper;
    std::filesystem::path path;
    uint64_t size = 0;
    std::string source;  // whose word decided the role
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
    // Waits until a file of each role has been taken (the newest file wins per role). On time-out
    // the message names the files that were there but had to be asked about.
    Result<std::map<ScanRole, ImportedScan>> wait_for(const std::set<ScanRole>& roles,
                                                      std::chrono::milliseconds timeout);

    const std::filesystem::path& folder() const { return folder_; }
    // Files seen that are not taken without a person's answer, with the question.
    const std::map<std::filesystem::path, std::string>& questions() const { return questions_; }

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
    FolderManifests manifests_;
    std::map<std::filesystem::path, std::string> questions_;
};

}  // namespace intake::drivers
