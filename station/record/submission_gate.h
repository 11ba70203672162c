// The pre-submit gate: before a refinement goes to the lab, list every record that is
// missing or failing against the case's rule pack. Only a clinician may override a failing
// gate, with a written reason, and the override is recorded in the audit log.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/verdict.h"
#include "station/record/audit_log.h"
#include "station/record/lifecycle.h"
#include "station/record/prescription.h"
#include "station/record/rule_pack.h"
#include "station/record/workflow.h"

namespace intake::record {

// A captured record's own check result (photo from capture/, scan from mesh/).
struct CapturedRecord {
    Verdict verdict = Verdict::pass;
    std::vector<std::string> reasons;
    std::optional<int64_t> long_side_px;  // photos
    std::optional<double> sharpness;      // photos
    std::optional<int64_t> triangles;     // scans
    // Scans: taken while the decision was to keep the attachments (so with them on the teeth).
    bool taken_with_attachments = false;
};

// A scan taken with the attachments on shows teeth the new aligners will not fit once they come
// off. Under a decision that removes attachments it fails with this reason; its own check result
// is kept beside the mark, so going back to keep-all restores it.
inline constexpr std::string_view kTakenBeforeRemoval =
    "taken before the decision to remove attachments: remove them, then rescan";

// "remove-all" or "remove-some".
bool removes_attachments(std::string_view decision);

// The result a scan stands at under the attachments decision: its own, or failed for a rescan.
CapturedRecord scan_standing(CapturedRecord scan, std::string_view attachments_decision);

struct GateInputs {
    const RulePack* pack = nullptr;
    std::optional<CaseStatus> case_status;
    const Prescription* rx = nullptr;
    std::optional<RxCheck> rx_check;               // computed from rx when absent
    std::map<std::string, CapturedRecord> photos;  // view id -> result
    std::map<std::string, CapturedRecord> scans;   // upper | lower | bite -> result
    // Step 1's decision, when the workflow recorded one; must match the prescription.
    std::optional<std::string> workflow_attachments_decision;
};

struct GateItem {
    std::string record;  // "photo:intraoral-left", "scan:bite", "case", "rx", ...
    std::string status;  // missing | fail | warn
    std::string message;
};

struct GateResult {
    bool passed = false;      // no missing or failing record
    bool overridden = false;  // a clinician let it through anyway
    std::string override_by;
    std::string override_reason;
    std::string rules;  // pack name and version it was checked against
    std::string rules_version;
    std::vector<GateItem> items;  // every problem, blocking (missing/fail) and warnings

    bool may_submit() const { return passed || overridden; }
    size_t blocking_count() const;
};

GateResult evaluate_gate(const GateInputs& inputs);

// Records a clinician's override. access_denied for anyone else (with `audit`: also unless the
// store knows the actor as an active clinician; refusals audited); invalid_argument when the
// reason is shorter than 10 characters. Appends "gate.override" to `audit` when given; a failed
// append fails the override.
Result<GateResult> override_gate(const GateResult& gate, const Actor& actor,
                                 const std::string& reason, AuditLog* audit);

nlohmann::json to_json(const GateResult& gate);

}  // namespace intake::record
