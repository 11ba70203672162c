// A whole series at once: a map file names the photo for each view; every photo is checked
// (two at a time: JPEG decoders are single-threaded and the station has two cores) and the
// views the lab requires but the map does not provide are listed as missing.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "capture/photo_check.h"

namespace intake::capture {

// MAP.json (docs/photos.md): either a flat object {"<file>": "<view id>", ...} or
// {"photos": {"<file>": "<view id>", ...}, "required": ["<view id>", ...]}. Without
// "required", all eight standard views are required.
struct PhotoMap {
    std::vector<std::pair<std::string, std::string>> photos;  // file name -> view id
    std::vector<std::string> required;
};

// Errors: bad_input naming the map file and the offending key (unknown view, not a string).
Result<PhotoMap> load_photo_map(const std::filesystem::path& path);
Result<PhotoMap> parse_photo_map(std::string_view json_text, std::string_view name);

struct SetEntry {
    std::string file;
    std::string view;
    std::optional<PhotoReport> report;  // when the photo could be read
    std::optional<Error> error;         // when it could not
};

struct SetReport {
    std::vector<SetEntry> entries;           // in map order
    std::vector<std::string> missing_views;  // required but not provided
    Verdict verdict = Verdict::pass;         // fail on any failing photo or missing view
    bool bad_input = false;                  // some photo could not be read
    double total_ms = 0;
};

// `threads` workers (at least 1) check the photos of `folder` listed in `map`.
SetReport check_photo_set(const std::filesystem::path& folder, const PhotoMap& map,
                          const CheckOptions& options, int threads = 2);

// JSON text: verdict, missing_views[], photos[] (each a photo report, or file/view/error),
// timings_ms.
std::string to_json(const SetReport& report);

}  // namespace intake::capture
