#include "station/cli/submission_events.h"

#include <iostream>

#include "station/package/package_reader.h"
#include "station/record/store.h"

namespace intake::cli {
namespace {

namespace fs = std::filesystem;
using record::Store;
using record::SubmissionEvent;

void warn(const std::string& what, const Error& error) {
    std::cerr << "intake: warning: " << what << ": " << error.message << "\n";
}

std::optional<Store> open_store(const fs::path& home, bool create) {
    const fs::path path = Store::default_path(home);
    std::error_code ec;
    if (!create && !fs::exists(path, ec)) return std::nullopt;
    auto store = Store::open(path);
    if (!store) {
        warn("the station's store", store.error());
        return std::nullopt;
    }
    return std::move(store.value());
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

void record_event(Store& store, const SubmissionEvent& e) {
    if (auto id = store.record_submission_event(e); !id) {
        warn("submission history of case " + e.case_id + " not recorded", id.error());
    }
}

std::string absolute_string(const fs::path& p) {
    std::error_code ec;
    auto abs = fs::absolute(p, ec);
    return ec ? p.string() : abs.lexically_normal().string();
}

}  // namespace

CaseIdentity identity_for_case(const fs::path& home, const std::string& case_id,
                               const std::string& chart_id) {
    auto store = open_store(home, false);
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

package::DicomPatient dicom_patient_for(const fs::path& home, const package::Manifest& m) {
    auto store = open_store(home, false);
    if (!store) return {"", m.patient_id};
    auto patient = patient_of(*store, m.case_id, m.patient_id);
    if (!patient) return {"", m.patient_id};
    return {patient->name, patient->chart_id};
}

std::map<std::string, std::string> tus_metadata_for(const fs::path& home,
                                                    const package::OutboxJob& job) {
    auto store = open_store(home, false);
    if (!store) return {};
    auto event = store->find_package_event(job.package_id);
    if (!event || !*event) return {};
    return {{"case_id", (*event)->case_id}, {"lab_case_id", (*event)->lab_case_id}};
}

void note_built(const fs::path& home, const package::Manifest& m, const fs::path& package,
                bool overridden) {
    auto store = open_store(home, true);
    if (!store) return;
    record_event(*store, {0, m.case_id, "", overridden ? "overridden" : "built", m.package_id,
                          absolute_string(package), m.lab_case_id, "", ""});
}

void note_queued(const fs::path& home, const package::OutboxJob& job, const fs::path& package) {
    auto store = open_store(home, true);
    if (!store) return;
    std::string case_id, lab_case_id;
    if (auto known = store->find_package_event(job.package_id); known && *known) {
        case_id = (*known)->case_id;
        lab_case_id = (*known)->lab_case_id;
    } else if (auto contents = package::read_package(package); contents) {
        // A package built elsewhere: its manifest names the case.
        case_id = contents->manifest.case_id;
        lab_case_id = contents->manifest.lab_case_id;
    }
    if (case_id.empty()) return;
    record_event(*store, {0, case_id, "", "queued", job.package_id, absolute_string(package),
                          lab_case_id, "", "outbox job " + std::to_string(job.id)});
}

void note_outcomes(const fs::path& home) {
    auto box = package::Outbox::open(home);
    if (!box) return warn("the outbox", box.error());
    auto jobs = box->jobs();
    if (!jobs) return warn("the outbox", jobs.error());
    auto store = open_store(home, true);
    if (!store) return;
    for (const auto& job : *jobs) {
        const bool uploaded = job.state == package::JobState::uploaded;
        if (!uploaded && job.state != package::JobState::failed) continue;
        auto known = store->find_package_event(job.package_id);
        if (!known || !*known) continue;  // queued before the history existed
        record_event(*store, {0, (*known)->case_id, "", uploaded ? "uploaded" : "failed",
                              job.package_id, (*known)->package_path, (*known)->lab_case_id, "",
                              uploaded ? job.receipt : job.last_error});
    }
}

}  // namespace intake::cli
