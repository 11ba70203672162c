// Step 6: what the patient takes home. The next aligner is worn at night only, from today,
// until the new aligners arrive; then 20+ hours a day again, as before (seed 000).
#pragma once

#include <optional>
#include <string>

#include "station/record/case_file.h"
#include "station/record/civil_date.h"

namespace intake::record {

struct HandoutInfo {
    std::string patient_name;
    std::string practice_name;
    std::string practice_phone;
    CivilDate date;                        // today: night-only wear starts tonight
    std::optional<int> next_aligner_step;  // "aligner 12" when known
    std::optional<CivilDate> expected_arrival;
};

// The aligner the patient wears on `on`, from the case: the steps of the delivered phases before
// the latest one that has arrived, plus one step per wear_days_per_step since that arrival (at
// most its steps). nullopt while no phase has arrived.
std::optional<int> current_aligner_step(const CaseFile& file, CivilDate on);

// The hand-out for a refinement made on `on`: the patient greeted by name, the aligner worn from
// tonight (current_aligner_step) and the new aligners expected `turnaround_days` later.
HandoutInfo handout_for_case(const CaseFile& file, std::string patient_name,
                             std::string practice_name, CivilDate on, int turnaround_days);

std::string handout_text(const HandoutInfo& info);
// A self-contained printable page (inline CSS, no scripts); every field is HTML-escaped.
std::string handout_html(const HandoutInfo& info);
std::string html_escape(const std::string& text);

}  // namespace intake::record
