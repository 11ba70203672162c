// The photo side of the draft: storing stills and card imports in the case folder, and asking
// capture/ for the check verdict of one file. Plain functions; callers run them off the GUI thread.
#pragma once

#include <QString>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "camera_frames.h"

namespace intake::app {

struct PhotoVerdict {
    QString verdict;                   // pass / warn / fail
    QString reason;                    // the first reason a person needs to read
    QString error;                     // the file could not be checked at all (not a finding)
    std::vector<std::string> reasons;  // every warn/fail finding, for the gate
    int long_side = 0;
    std::optional<double> sharpness;
};

// Runs capture/'s photo check on `file` taken as view `view_key`.
PhotoVerdict check_photo(const std::filesystem::path& file, const std::string& view_key);

// Writes a still atomically as <dir>/<view_key><ext>.
Result<std::filesystem::path> save_still(const std::filesystem::path& dir,
                                         const std::string& view_key, const Still& still);
// Copies one card file (drivers/card_import.h found it) into the draft as <dir>/<view_key><ext>.
Result<std::filesystem::path> copy_into_draft(const std::filesystem::path& dir,
                                              const std::string& view_key,
                                              const std::filesystem::path& source);

}  // namespace intake::app
