// Patients and cases changed by a signed-in person (the kiosk): the same checks as
// case_registry.h, plus who may do it. Adding or editing a patient or a case is a clinician's or
// an admin's job (require_role, refusals audited), and each change is audited in the same
// transaction as the change itself (no audit entry, no change). The CLI's `intake case` keeps
// the registry functions, which run as the local operator.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"
#include "station/record/audit_log.h"
#include "station/record/case_registry.h"
#include "station/record/roles.h"

namespace intake::record {

// access_denied (audited) unless `by` is a clinician or admin; then add_patient, audited
// `patient.add` (subject "patient N"; no name or birth date in the log).
Result<int64_t> add_patient_by(Store& store, AuditLog& audit, const Actor& by,
                               const NewPatient& patient, CivilDate today = CivilDate::today());

// The same for edit_patient, audited `patient.edit` (subject "patient N"; the detail names the
// fields that changed, never their values).
Result<Patient> edit_patient_by(Store& store, AuditLog& audit, const Actor& by, int64_t patient_id,
                                const PatientEdit& edit, CivilDate today = CivilDate::today());

// The same for add_case, audited `case.add` (subject "case ID", detail the lab case number).
Result<std::string> add_case_by(Store& store, AuditLog& audit, const Actor& by, CaseFile file,
                                int64_t patient_id, const std::filesystem::path& rules_dir);

// The same for edit_case, audited `case.edit` with the case file's hash before and after; the
// detail names what changed ("phase 3", "retainer requested", "re-opened").
Result<CaseFile> edit_case_by(Store& store, AuditLog& audit, const Actor& by,
                              std::string_view case_id, const CaseEdit& edit);

}  // namespace intake::record
