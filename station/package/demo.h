// `intake demo`: the whole refinement on the bundled demo case without a display — scans and
// photos in, checks, the pre-submit gate, the signed package, the sealed outbox and the upload
// to a lab inbox (a local one unless an endpoint is given) — printing each step.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "station/package/submission.h"

namespace intake::package {

struct DemoOptions {
    std::filesystem::path out_dir;
    std::string endpoint;  // empty: start the local lab inbox
    std::string token;
    std::string ca_file;
    std::filesystem::path
        search_from;  // where to look for the source tree (the executable's folder)
};

// Walks up from `start` to the first folder holding `relative`.
Result<std::filesystem::path> find_up(const std::filesystem::path& start,
                                      const std::filesystem::path& relative);

// Returns a summary (package path and id, gate, upload receipt). Steps go to `progress`.
Result<nlohmann::json> run_demo(const DemoOptions& options, const Progress& progress);

}  // namespace intake::package
