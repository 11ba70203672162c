#include "submission_history.h"

#include "station/record/store.h"

namespace intake::app {

namespace fs = std::filesystem;
namespace rec = intake::record;

namespace {

Result<rec::Store> open_store(const fs::path& home) {
    return rec::Store::open(rec::Store::default_path(home));
}

std::string record(const fs::path& home, const rec::SubmissionEvent& event) {
    auto store = open_store(home);
    if (!store) return store.error().to_string();
    auto id = store->record_submission_event(event);
    return id ? std::string() : id.error().to_string();
}

}  // namespace

std::string note_built(const fs::path& home, const HistoryNote& note, bool overridden) {
    return record(home, {0, note.case_id, "", overridden ? "overridden" : "built", note.package_id,
                         note.package.string(), note.lab_case_id, note.actor, ""});
}

std::string note_queued(const fs::path& home, const HistoryNote& note, int64_t job_id) {
    return record(home, {0, note.case_id, "", "queued", note.package_id, note.package.string(),
                         note.lab_case_id, note.actor, "outbox job " + std::to_string(job_id)});
}

std::string note_outcomes(const fs::path& home) {
    auto box = package::Outbox::open(home);
    if (!box) return box.error().to_string();
    auto jobs = box->jobs();
    if (!jobs) return jobs.error().to_string();
    auto store = open_store(home);
    if (!store) return store.error().to_string();
    for (const auto& job : *jobs) {
        const bool uploaded = job.state == package::JobState::uploaded;
        if (!uploaded && job.state != package::JobState::failed) continue;
        auto known = store->find_package_event(job.package_id);
        if (!known || !*known) continue;  // not a package this station's history knows
        auto id = store->record_submission_event({0, (*known)->case_id, "",
                                                  uploaded ? "uploaded" : "failed", job.package_id,
                                                  (*known)->package_path, (*known)->lab_case_id, "",
                                                  uploaded ? job.receipt : job.last_error});
        if (!id) return id.error().to_string();
    }
    return {};
}

std::map<std::string, std::string> job_metadata(const fs::path& home,
                                                const package::OutboxJob& job) {
    auto store = open_store(home);
    if (!store) return {};
    auto subject = job_subject(*store, job.package_id);
    if (!subject) return {};
    return {{"case_id", subject->case_id}, {"lab_case_id", subject->lab_case_id}};
}

std::optional<JobSubject> job_subject(rec::Store& store, const std::string& package_id) {
    auto event = store.find_package_event(package_id);
    if (!event || !*event) return std::nullopt;
    JobSubject out{"", (*event)->case_id, (*event)->lab_case_id};
    if (auto c = store.find_case(out.case_id); c && *c) {
        if (auto p = store.find_patient((*c)->patient_id); p && *p) out.patient_name = (*p)->name;
    }
    return out;
}

}  // namespace intake::app
