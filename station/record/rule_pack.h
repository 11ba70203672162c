// Rule packs: what a lab requires of a refinement, as versioned data files
// (station/rules/<name>.json, docs/rules.md), not code. A case names its pack (and version).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/record/lifecycle.h"

namespace intake::record {

// The eight photo view ids a lab asks for.
const std::vector<std::string>& known_photo_views();

struct PhotoMinimums {
    int min_long_side_px = 1280;
    double min_sharpness =
        1.3;  // on capture's scale: 1 blurred ramp … 3 crisp edge (docs/photos.md)
};

struct RulePack {
    std::string name;     // "aligner-refinement-2026"
    std::string version;  // "2026.1"
    std::string title;
    std::string source;                    // where the terms came from
    std::string submission_kind;           // "additional-aligners"
    int turnaround_days = 21;              // from submission to new aligners at the practice
    std::vector<std::string> photo_views;  // required view ids
    std::vector<std::string> scans;        // required scan roles: upper, lower, bite
    int triangle_budget_per_arch = 300000;
    PhotoMinimums photo;
    bool instructions_required = true;
    std::string attachments_default = "keep-all";
    std::vector<std::string> attachments_allowed;  // keep-all, remove-all, remove-some
    bool removal_needs_clinician_reason = true;
    LifecycleTerms lifecycle;
};

// The rules dir: $INTAKE_RULES_DIR when set, else the rules/ folder of the station's data dir
// (base/data_dir.h).
std::filesystem::path default_rules_dir();

// Loads <rules_dir>/<name>.json. An unknown pack is bad_input naming it and listing the
// packs available; a malformed pack names the field.
Result<RulePack> load_rule_pack(std::string_view name, const std::filesystem::path& rules_dir);
Result<RulePack> parse_rule_pack_json(std::string_view text, std::string_view source);

// Names of the packs in a rules dir, sorted.
std::vector<std::string> list_rule_packs(const std::filesystem::path& rules_dir);

}  // namespace intake::record
