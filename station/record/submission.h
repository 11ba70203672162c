// One refinement submission as the station records it: what was sent (attachments decision,
// photos, scans, instructions), how it was checked (the gate, against which rule-pack version)
// and who signed off. Stored in the submissions table and audited.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "station/record/audit_log.h"
#include "station/record/prescription.h"
#include "station/record/store.h"
#include "station/record/submission_gate.h"
#include "station/record/workflow.h"

namespace intake::record {

struct SubmittedFile {
    std::string path;
    std::string sha256;
    Verdict verdict = Verdict::pass;  // the file's own QA verdict
};

struct RefinementSubmission {
    std::string case_id;
    std::string kind = "additional-aligners";
    Prescription rx;  // carries the attachments decision and the instructions
    std::map<std::string, SubmittedFile> photos;  // view id -> file
    std::map<std::string, SubmittedFile> scans;   // upper | lower | bite -> file
    GateResult gate;                              // QA results and any override
    std::string signed_off_by;                    // the clinician
    std::string package_path;
};

nlohmann::json to_json(const RefinementSubmission& s);

// Refuses (conflict) a submission whose gate neither passed nor was overridden, or that no
// clinician signed off; otherwise stores it with state "passed" or "overridden" and appends
// "submission.record" to the audit log. Returns the submission's row id.
Result<int64_t> record_submission(Store& store, AuditLog& audit, const Actor& actor,
                                  const RefinementSubmission& s);

}  // namespace intake::record
