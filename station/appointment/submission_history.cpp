#include "station/appointment/submission_history.h"

#include "station/package/package_reader.h"
#include "station/record/store.h"

namespace intake::appointment {

namespace fs = std::filesystem;
using record::Store;
using record::SubmissionEvent;

namespace {

Status record_event(Store& store, const SubmissionEvent& event) {
    auto id = store.record_submission_event(event);
    if (!id) return fail(id.error());
    return ok();
}

std::string absolute_string(const fs::path& p) {
    std::error_code ec;
    auto abs = fs::absolute(p, ec);
    return ec ? p.string() : abs.lexically_normal().string();
}

std::optional<record::Patient> patient_of(Store& store, const std::string& case_id,
                                          const std::string& chart_id) {
    auto c = store.find_case(case_id);
    if (c && *c && (*c)->patient_id != 0) {
        auto p = store.find_patient((*c)->patient_id);
        if (p && *p) return **p;
    }
    if (chart_id.empty()) return std::nullopt;
    auto p = store.find_patient_by_chart(chart_id);
    return p && *p ? std::optional<record::Patient>(**p) : std::nullopt;
}

// The case a queued package belongs to: as the caller knows it, else the history's, else the
// package's own manifest (a package built on another station).
HistoryNote with_case(Store& store, HistoryNote note) {
    if (!note.case_id.empty()) return note;
    if (auto known = store.find_package_event(note.package_id); known && *known) {
        note.case_id = (*known)->case_id;
        note.lab_case_id = (*known)->lab_case_id;
    } else if (auto contents = package::read_package(note.package); contents) {
        note.case_id = contents->manifest.case_id;
        note.lab_case_id = contents->manifest.lab_case_id;
    }
    return note;
}

}  // namespace

Status note_built(Store& store, const HistoryNote& note, bool overridden) {
    return record_event(store,
                        {0, note.case_id, "", overridden ? "overridden" : "built", note.package_id,
                         absolute_string(note.package), note.lab_case_id, note.actor, ""});
}

Status note_queued(Store& store, const HistoryNote& given, int64_t job_id) {
    const HistoryNote note = with_case(store, given);
    if (note.case_id.empty()) return ok();
    auto id = store.record_submission_event({0, note.case_id, "", "queued", note.package_id,
                                             absolute_string(note.package), note.lab_case_id,
                                             note.actor, "outbox job " + std::to_string(job_id)});
    if (!id) return fail(id.error());
    return ok();
}

Status note_outcomes(package::Outbox& box, Store& store) {
    auto jobs = box.jobs();
    if (!jobs) return fail(jobs.error());
    for (const auto& job : *jobs) {
        const bool uploaded = job.state == package::JobState::uploaded;
        if (!uploaded && job.state != package::JobState::failed) continue;
        auto known = store.find_package_event(job.package_id);
        if (!known || !*known) continue;  // not a package this station's history knows
        auto id = store.record_submission_event({0, (*known)->case_id, "",
                                                 uploaded ? "uploaded" : "failed", job.package_id,
                                                 (*known)->package_path, (*known)->lab_case_id, "",
                                                 uploaded ? job.receipt : job.last_error});
        if (!id) return fail(id.error());
    }
    return ok();
}

std::optional<JobSubject> job_subject(Store& store, const std::string& package_id) {
    auto event = store.find_package_event(package_id);
    if (!event || !*event) return std::nullopt;
    JobSubject out{"", (*event)->case_id, (*event)->lab_case_id};
    if (auto c = store.find_case(out.case_id); c && *c) {
        if (auto p = store.find_patient((*c)->patient_id); p && *p) out.patient_name = (*p)->name;
    }
    return out;
}

std::map<std::string, std::string> job_metadata(Store* store, const package::OutboxJob& job) {
    if (!store) return {};
    auto subject = job_subject(*store, job.package_id);
    if (!subject) return {};
    return {{"case_id", subject->case_id}, {"lab_case_id", subject->lab_case_id}};
}

CaseIdentity identity_for_case(Store* store, const std::string& case_id,
                               const std::string& chart_id) {
    if (!store) return {};
    auto patient = patient_of(*store, case_id, chart_id);
    if (!patient) return {};
    CaseIdentity out{patient->name, ""};
    if (auto practices = store->practices(); practices) {
        for (const auto& p : *practices) {
            if (p.id == patient->practice_id) out.practice_name = p.name;
        }
    }
    return out;
}

package::DicomPatient dicom_patient_for(Store* store, const package::Manifest& m) {
    if (!store) return {"", m.patient_id};
    auto patient = patient_of(*store, m.case_id, m.patient_id);
    if (!patient) return {"", m.patient_id};
    return {patient->name, patient->chart_id};
}

}  // namespace intake::appointment
