// Adding and editing the practice's real patients and cases ("Patients and cases").
// Everything a person typed is checked here, before it reaches the store or any path: ids carry
// no '/', '..' or control characters, names are printable, dates are real days, a chart id
// names one patient, a case id one case, and a case has its lab and the lab's case number.
// Unknown ids are bad_input (the caller named something that is not there), never not_found,
// which the CLI keeps for files and devices.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/record/case_file.h"
#include "station/record/store.h"

namespace intake::record {

inline constexpr size_t kMaxIdentifierLength = 64;
inline constexpr size_t kMaxNameLength = 200;

// An id that may end up in a file name or a URL (case id, chart id, lab case id): 1-64 bytes,
// no '/', '\', no "..", no control characters, no leading '.' or '-', no spaces at either end.
Status check_identifier(std::string_view value, std::string_view field);
// A person's name: 1-200 bytes after trimming, no control characters, no '/' or '\'.
Status check_person_name(std::string_view value, std::string_view field);

struct NewPatient {
    std::string name;
    std::string born;  // YYYY-MM-DD
    std::string chart_id;
};

// Validates and adds the patient to the store's practice (the first one; a store without a
// practice gets one named "Practice"). A chart id already in use is bad_input.
Result<int64_t> add_patient(Store& store, const NewPatient& patient,
                            CivilDate today = CivilDate::today());

// add_patient's checks and insert inside a transaction the caller holds (the CSV import).
Result<int64_t> insert_patient(Store& store, const NewPatient& patient, CivilDate today);

// What `patient edit` changes; an absent field keeps its value.
struct PatientEdit {
    std::optional<std::string> name;
    std::optional<std::string> born;  // YYYY-MM-DD
    std::optional<std::string> chart_id;
    bool empty() const { return !name && !born && !chart_id; }
};

// Corrects a patient's name, date of birth or chart id with add_patient's checks. A new chart
// id must be free, and it is written into each of the patient's case files in the same
// transaction (packages name the patient by the case file's chart id). Nothing is stored when
// any part is wrong. Returns the patient as stored.
Result<Patient> edit_patient(Store& store, int64_t patient_id, const PatientEdit& edit,
                             CivilDate today = CivilDate::today());

// Adds a new case for an existing patient. The case needs `lab` and `lab_case_id` (a
// refinement is submitted under the lab's existing case), a known rule pack, a case id not yet
// used; a `patient_chart_id` in the file must be the patient's. The stored case file carries
// the patient's chart id. Returns the case id.
Result<std::string> add_case(Store& store, CaseFile file, int64_t patient_id,
                             const std::filesystem::path& rules_dir);
// add_case's checks and insert inside a transaction the caller holds.
Status insert_case(Store& store, CaseFile file, int64_t patient_id,
                   const std::filesystem::path& rules_dir);

// The case with this id, or bad_input "case X does not exist".
Result<CaseRecord> require_case(Store& store, std::string_view case_id);
// The patient with this id, or bad_input "patient N does not exist".
Result<Patient> require_patient(Store& store, int64_t patient_id);

// `--set-phase N:key=value,...`: keys status, kind, steps, ship_on, shipped_on, arrived_on.
// A phase not in the case is added (it then needs kind and steps): purchased phases.
struct PhaseEdit {
    int number = 0;
    std::map<std::string, std::string> fields;
};
Result<PhaseEdit> parse_phase_edit(std::string_view text);

struct CaseEdit {
    std::vector<PhaseEdit> phases;
    std::optional<CivilDate> retainer_requested_on;
    std::optional<CivilDate> reopened_on;
    bool empty() const { return phases.empty() && !retainer_requested_on && !reopened_on; }
};

// Applies the edit and checks the result as strictly as a case file from disk.
Result<CaseFile> apply_case_edit(const CaseFile& file, const CaseEdit& edit);
// require_case, apply_case_edit, save; nothing is stored when any part is wrong.
Result<CaseFile> edit_case(Store& store, std::string_view case_id, const CaseEdit& edit);

}  // namespace intake::record
