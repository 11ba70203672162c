// Whether a case is open on a given calendar day, and until when (seed 003's terms).
// Everything is whole calendar days; events dated after the evaluation day have not
// happened yet on that day, so `intake case status --on` is a true "as of" view.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "station/record/case_file.h"
#include "station/record/civil_date.h"

namespace intake::record {

// The lab's lifecycle terms; a rule pack supplies them (station/rules/*.json "lifecycle").
// Defaults are the 2016 terms of seed 003.
struct LifecycleTerms {
    bool close_on_retainer_request = true;
    int close_after_final_wear_days = 90;  // days after the final step is projected worn
    int lab_may_close_after_years = 5;     // 0: no such right
    int five_year_notice_days = 90;        // warn this many days before that right begins
};

enum class CloseReason { none, retainer_requested, final_phase_worn };

struct CaseStatus {
    bool open = true;
    std::optional<CivilDate> close_date;            // null until the final phase has arrived
    std::optional<CivilDate> close_date_projected;  // a projection; never closes the case
    CloseReason close_reason = CloseReason::none;
    std::optional<int64_t> days_left;  // days until close_date while open; 0 when closed
    bool can_submit_refinement = true;
    bool needs_reopen = false;
    bool may_be_closed_by_lab = false;
    std::optional<CivilDate> lab_may_close_from;
    std::optional<int> final_phase;  // number of the final (highest non-retentive) phase
    std::vector<std::string> warnings;
};

CaseStatus evaluate_case(const CaseFile& file, CivilDate on,
                         const LifecycleTerms& terms = LifecycleTerms{});

// Keys: state, close_date, close_date_projected, close_reason, days_left,
// can_submit_refinement, needs_reopen, may_be_closed_by_lab, warnings (+ case_id, on, ...).
nlohmann::json to_json(const CaseStatus& status, const CaseFile& file, CivilDate on);

std::string_view close_reason_name(CloseReason reason);  // "retainer-requested", ...

}  // namespace intake::record
