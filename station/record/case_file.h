// The case file: one aligner case at its lab, as the clinic records it (docs/case-format.md).
// Parsing is strict: unknown fields, impossible dates and unknown kinds are bad_input naming
// the field, because a typo here changes whether a refinement may go out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/record/civil_date.h"

namespace intake::record {

enum class PhaseKind { starter, treatment, retentive };
enum class PhaseStatus { scheduled, on_hold, shipped, delivered };

std::string_view phase_kind_name(PhaseKind kind);
std::string_view phase_status_name(PhaseStatus status);

struct Phase {
    int number = 0;
    PhaseKind kind = PhaseKind::treatment;
    int steps = 0;
    PhaseStatus status = PhaseStatus::scheduled;
    std::optional<CivilDate> ship_on;     // planned shipment (scheduled / on-hold)
    std::optional<CivilDate> shipped_on;  // actual shipment
    std::optional<CivilDate> arrived_on;  // delivered at the practice
};

// A revision request to the lab (a changed treatment plan, e.g. a refinement).
struct Revision {
    CivilDate requested_on;
    std::optional<int> phase;               // the phase it revises, when known
    std::optional<CivilDate> processed_on;  // when the lab finished processing it
};

struct CaseFile {
    std::string case_id;
    std::string rules;                         // rule pack name, e.g. "clearcorrect-2016"
    std::optional<std::string> rules_version;  // the pack version the case was checked against
    std::string type = "standard";             // standard, limited, full, legacy-limited, ...
    std::optional<std::string> lab;
    std::optional<std::string> lab_case_id;
    std::optional<std::string> patient_chart_id;
    CivilDate submitted_on;
    int wear_days_per_step = 14;
    std::optional<CivilDate> retainer_requested_on;
    std::optional<CivilDate> reopened_on;
    bool hold_requested = false;  // a request to put the whole case on hold (not allowed)
    std::vector<Phase> phases;
    std::vector<Revision> revisions;
};

// Known case types. Legacy types are accepted and treated like any other (seed 003).
bool is_known_case_type(std::string_view type);

// `source_name` prefixes every error ("case.json: phases[1].arrived_on: ...").
Result<CaseFile> parse_case_json(std::string_view text, std::string_view source_name);

// Reads and parses a file; the error names the path.
Result<CaseFile> load_case_file(const std::string& path);

// Back to JSON in the same format (round-trips through parse_case_json).
std::string case_to_json_text(const CaseFile& file);

}  // namespace intake::record
