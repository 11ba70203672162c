// The kiosk's side of a case's submission history (Store::record_submission_event): the package
// it built (or built over a clinician's gate override), queued, and what the outbox made of it
// (uploaded with the lab's receipt, or failed). Also the tus metadata naming the lab's case, and
// each outbox job's patient, case and lab case number for the Outbox screen. These run on worker
// threads, so each opens its own connection to <home>/station.db (SQLite WAL allows it), as the
// CLI does. Recording never undoes a package already written: a failure is returned as text for
// the screen, never thrown.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "station/package/outbox.h"

namespace intake::record {
class Store;
}

namespace intake::app {

struct HistoryNote {
    std::string case_id, lab_case_id, package_id, actor;
    std::filesystem::path package;
};

// "" on success, else why the history could not be written.
std::string note_built(const std::filesystem::path& home, const HistoryNote& note, bool overridden);
std::string note_queued(const std::filesystem::path& home, const HistoryNote& note, int64_t job_id);
// Every uploaded or failed job of the outbox, once per package (the store refuses repeats).
std::string note_outcomes(const std::filesystem::path& home);

// `case_id` and `lab_case_id` of a job's package, from the history (empty when unknown).
std::map<std::string, std::string> job_metadata(const std::filesystem::path& home,
                                                const package::OutboxJob& job);

// Who a job is for, as the Outbox screen names it.
struct JobSubject {
    std::string patient_name, case_id, lab_case_id;
};
std::optional<JobSubject> job_subject(intake::record::Store& store, const std::string& package_id);

}  // namespace intake::app
