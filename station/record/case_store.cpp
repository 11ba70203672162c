// The store's patient lookups and each case's submission history. Kept apart from store.cpp
// (migrations, users, audit) so the record of what was sent to the lab reads in one place.
#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "station/record/store_sql.h"

namespace intake::record {

using sql::Stmt;

namespace {

constexpr const char* kPatientColumns =
    "SELECT id, practice_id, name, date_of_birth, chart_id FROM patients ";

Result<std::optional<Patient>> one_patient(Stmt& s, const std::string& what) {
    const int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<Patient>{};
    if (rc != SQLITE_ROW) return s.error(what);
    return std::optional<Patient>(
        Patient{s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4)});
}

bool is_known_event(std::string_view event) {
    return std::any_of(std::begin(kSubmissionEvents), std::end(kSubmissionEvents),
                       [&](const char* e) { return event == e; });
}

// Outcomes happen once per package; building may be repeated (a rebuild after an override).
bool is_outcome(std::string_view event) {
    return event == "queued" || event == "uploaded" || event == "failed";
}

constexpr const char* kEventColumns =
    "SELECT id, case_id, at, event, package_id, package_path, lab_case_id, actor, detail "
    "FROM submission_events ";

SubmissionEvent event_row(const Stmt& s) {
    return {s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4),
            s.text(5),    s.text(6), s.text(7), s.text(8)};
}

}  // namespace

Result<std::optional<Patient>> Store::find_patient(int64_t id) {
    Stmt s(impl_->db, (std::string(kPatientColumns) + "WHERE id = ?").c_str());
    if (!s.ok()) return s.error("find patient");
    s.bind(1, id);
    return one_patient(s, "find patient");
}

Result<std::optional<Patient>> Store::find_patient_by_chart(std::string_view chart_id) {
    Stmt s(impl_->db,
           (std::string(kPatientColumns) + "WHERE chart_id = ? ORDER BY id LIMIT 1").c_str());
    if (!s.ok()) return s.error("find patient");
    s.bind(1, chart_id);
    return one_patient(s, "find patient");
}

Status Store::update_patient(const Patient& p) {
    Stmt s(impl_->db, "UPDATE patients SET name = ?, date_of_birth = ?, chart_id = ? WHERE id = ?");
    if (!s.ok()) return s.error("update patient");
    s.bind(1, p.name).bind(2, p.date_of_birth).bind(3, p.chart_id).bind(4, p.id);
    if (s.step() != SQLITE_DONE) return s.error("update patient " + std::to_string(p.id));
    if (sqlite3_changes(impl_->db) == 0)
        return fail(Errc::bad_input, "patient " + std::to_string(p.id) + " does not exist");
    return ok();
}

Result<std::vector<CaseRecord>> Store::cases_of_patient(int64_t patient_id) {
    Stmt s(impl_->db,
           "SELECT id, IFNULL(patient_id, 0), case_id, lab, lab_case_id, rules, rules_version, "
           "case_json FROM cases WHERE patient_id = ? ORDER BY case_id");
    if (!s.ok()) return s.error("cases of patient");
    s.bind(1, patient_id);
    std::vector<CaseRecord> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.text(5),
                       s.text(6), s.text(7)});
    }
    if (rc != SQLITE_DONE) return s.error("cases of patient");
    return out;
}

Result<int64_t> Store::record_submission_event(const SubmissionEvent& e) {
    if (e.case_id.empty()) return fail(Errc::bad_input, "submission event: no case id");
    if (!is_known_event(e.event)) {
        return fail(Errc::bad_input, "submission event for case " + e.case_id + ": '" + e.event +
                                         "' is not one of built, overridden, queued, uploaded, "
                                         "failed");
    }
    if (is_outcome(e.event) && !e.package_id.empty()) {
        Stmt q(impl_->db, "SELECT id FROM submission_events WHERE package_id = ? AND event = ?");
        if (!q.ok()) return q.error("record submission event");
        const int rc = q.bind(1, e.package_id).bind(2, e.event).step();
        if (rc == SQLITE_ROW) return q.integer(0);
        if (rc != SQLITE_DONE) return q.error("record submission event");
    }
    Stmt s(impl_->db,
           "INSERT INTO submission_events (case_id, at, event, package_id, package_path, "
           "lab_case_id, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return s.error("record submission event");
    s.bind(1, e.case_id).bind(2, e.at.empty() ? AuditLog::utc_now() : e.at).bind(3, e.event);
    s.bind(4, e.package_id).bind(5, e.package_path).bind(6, e.lab_case_id);
    s.bind(7, e.actor).bind(8, e.detail);
    if (s.step() != SQLITE_DONE) return s.error("record submission event for case " + e.case_id);
    return sqlite3_last_insert_rowid(impl_->db);
}

Result<std::vector<SubmissionEvent>> Store::submission_history(std::string_view case_id) {
    Stmt s(impl_->db, (std::string(kEventColumns) + "WHERE case_id = ? ORDER BY id").c_str());
    if (!s.ok()) return s.error("read submission history");
    s.bind(1, case_id);
    std::vector<SubmissionEvent> out;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(event_row(s));
    if (rc != SQLITE_DONE) return s.error("read submission history");
    return out;
}

Result<std::optional<SubmissionEvent>> Store::find_package_event(std::string_view package_id) {
    Stmt s(impl_->db,
           (std::string(kEventColumns) + "WHERE package_id = ? ORDER BY id LIMIT 1").c_str());
    if (!s.ok()) return s.error("read submission history");
    const int rc = s.bind(1, package_id).step();
    if (rc == SQLITE_DONE) return std::optional<SubmissionEvent>{};
    if (rc != SQLITE_ROW) return s.error("read submission history");
    return std::optional<SubmissionEvent>(event_row(s));
}

}  // namespace intake::record
