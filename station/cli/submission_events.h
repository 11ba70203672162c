// Where the package and outbox commands meet the station's store: the patient's identity for
// the hand-out and the DICOM export, the tus metadata naming the lab's case, and the case's
// submission history (built, overridden, queued, uploaded, failed). Recording history never
// undoes a package already written: a failure to record is a warning on stderr.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "station/package/dicom_export.h"
#include "station/package/manifest.h"
#include "station/package/outbox.h"

namespace intake::cli {

struct CaseIdentity {
    std::string patient_name;
    std::string practice_name;
};

// From the store's case (else the patient with this chart id); empty when neither is known.
CaseIdentity identity_for_case(const std::filesystem::path& home, const std::string& case_id,
                               const std::string& chart_id);
// The patient of a package, for PatientName/PatientID; asks the store only when it exists.
package::DicomPatient dicom_patient_for(const std::filesystem::path& home,
                                        const package::Manifest& manifest);
// `case_id` and `lab_case_id` for a job's Upload-Metadata, from the job's history.
std::map<std::string, std::string> tus_metadata_for(const std::filesystem::path& home,
                                                    const package::OutboxJob& job);

void note_built(const std::filesystem::path& home, const package::Manifest& manifest,
                const std::filesystem::path& package, bool overridden);
void note_queued(const std::filesystem::path& home, const package::OutboxJob& job,
                 const std::filesystem::path& package);
// After an outbox run: every uploaded (with its receipt) or failed job, once per package.
void note_outcomes(const std::filesystem::path& home);

}  // namespace intake::cli
