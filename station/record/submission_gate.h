// The pre-submit gate: before a refinement goes to the lab, list every record that is
// missing or failing against the case's rule pack. Only a clinician may override a failing
// gate, with a written reason, and the override is recorded in the audit log.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "station/record/audit_log.h"
#include "station/record/lifecycle.h"
#include "station/record/prescription.h"
#include "station/record/rule_pack.h"
#include "station/record/workflow.h"

namespace intake::record {

// A captured record's own check result (photo from capture/, scan from mesh/).
struct CapturedRecord {
    std::string verdict = "pass";  // pass | warn | fail
    std::vector<std::string> reasons;
    std::optional<int64_t> long_side_px;  // photos
    std::optional<double> sharpness;      // photos
    std::optional<int64_t> triangles;     // scans
};

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
