// The demo practice, patient and case the headless demo and the kiosk start from. The case is
// open on any day: its final phase is on hold until the refinement is processed, so it has no
// close date yet (station/rules/demo/case.json is the same case as a file).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "station/base/result.h"
#include "station/record/civil_date.h"
#include "station/record/store.h"

namespace intake::record {

struct DemoIds {
    int64_t practice_id = 0;
    int64_t patient_id = 0;
    std::string case_id;  // "DEMO-1"
};

inline constexpr const char* kDemoCaseId = "DEMO-1";

// The demo case file with dates relative to `today` (submitted 120 days ago, phases 1-2
// delivered, final phase 3 on hold). Parses with parse_case_json.
std::string demo_case_json(CivilDate today);
// The demo prescription: keep all attachments, the seed's two instructions.
std::string demo_rx_json();

// Adds the demo practice, patient and case unless the demo case is already there (then
// returns the existing ids). Runs in one transaction.
Result<DemoIds> seed_demo_data(Store& store, CivilDate today = CivilDate::today());

// <rules_dir>/demo/case.json and rx.json.
std::filesystem::path demo_case_path(const std::filesystem::path& rules_dir);
std::filesystem::path demo_rx_path(const std::filesystem::path& rules_dir);

}  // namespace intake::record
