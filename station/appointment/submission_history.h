// A case's submission history (Store::record_submission_event) as the CLI and the kiosk both
// keep it: the package built (or built over a clinician's gate override), queued into the
// outbox, and what the outbox made of it (uploaded with the lab's receipt, or failed). Also who
// a package is for: the tus metadata naming the lab's case, the Outbox screen's patient, and the
// patient's identity for the hand-out and the DICOM export.
//
// Every call works on the store the caller opened (the kiosk's, under its lock; the CLI's
// --database or station.conf `database`), so a practice on PostgreSQL keeps one history. Recording
// never undoes a package already written, so callers show a failed Status as a warning.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "base/result.h"
#include "station/package/dicom_export.h"
#include "station/package/manifest.h"
#include "station/package/outbox.h"

namespace intake::record {
class Store;
}

namespace intake::appointment {

struct HistoryNote {
    std::string case_id;  // empty: taken from the history, else from the package's manifest
    std::string lab_case_id;
    std::string package_id;
    std::string actor;  // the signed-in person; empty for the CLI's local operator
    std::filesystem::path package;
};

Status note_built(record::Store& store, const HistoryNote& note, bool overridden);
// A package whose case is unknown (built elsewhere, no manifest case) is not recorded.
Status note_queued(record::Store& store, const HistoryNote& note, int64_t job_id);
// Every uploaded (with its receipt) or failed job of the station's outbox (its own, or the
// practice's shared one), once per package; jobs the history does not know (queued before it
// existed) are skipped.
Status note_outcomes(package::Outbox& box, record::Store& store);

// Who a job is for, from the history: the Outbox screen's title and the tus metadata.
struct JobSubject {
    std::string patient_name, case_id, lab_case_id;
};
std::optional<JobSubject> job_subject(record::Store& store, const std::string& package_id);
// `case_id` and `lab_case_id` for a job's Upload-Metadata; empty when unknown or no store
// (`store` null: the station has none yet).
std::map<std::string, std::string> job_metadata(record::Store* store,
                                                const package::OutboxJob& job);

struct CaseIdentity {
    std::string patient_name;
    std::string practice_name;
};
// From the store's case (else the patient with this chart id); empty when neither is known or
// there is no store (`store` null: nothing is created to answer).
CaseIdentity identity_for_case(record::Store* store, const std::string& case_id,
                               const std::string& chart_id);
// PatientName/PatientID of a package for the DICOM export: the store's patient, else the chart
// id the manifest names.
package::DicomPatient dicom_patient_for(record::Store* store, const package::Manifest& manifest);

}  // namespace intake::appointment
