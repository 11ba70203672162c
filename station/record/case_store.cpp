// The store's patient lookups and each case's submission history. Kept apart from store.cpp
// (migrations, users, audit) so the record of what was sent to the lab reads in one place.
// Written against Database: the same SQL on SQLite and PostgreSQL.
#include <algorithm>
#include <string>

#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "station/record/store_sql.h"

namespace intake::record {

namespace {

constexpr const char* kPatientColumns =
    "SELECT id, practice_id, name, date_of_birth, chart_id FROM patients ";

Patient patient_row(const Statement& s) {
    return {s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4)};
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

SubmissionEvent event_row(const Statement& s) {
    return {s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4),
            s.text(5),    s.text(6), s.text(7), s.text(8)};
}

// The id of the outcome already recorded for this package, if any.
Result<std::optional<int64_t>> recorded_outcome(Database& db, const SubmissionEvent& e) {
    auto q = sql::prepare(db, "SELECT id FROM submission_events WHERE package_id = ? AND event = ?",
                          "record submission event");
    if (!q) return fail(q.error());
    (*q)->bind(1, e.package_id).bind(2, e.event);
    return sql::single_integer(db, **q, "record submission event");
}

Result<int64_t> insert_event(Database& db, const SubmissionEvent& e) {
    const std::string what = "record submission event for case " + e.case_id;
    auto s = sql::prepare(db,
                          "INSERT INTO submission_events (case_id, at, event, package_id, "
                          "package_path, lab_case_id, actor, detail) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          what);
    if (!s) return fail(s.error());
    Statement& q = **s;
    q.bind(1, e.case_id).bind(2, e.at.empty() ? AuditLog::utc_now() : e.at).bind(3, e.event);
    q.bind(4, e.package_id).bind(5, e.package_path).bind(6, e.lab_case_id);
    q.bind(7, e.actor).bind(8, e.detail);
    auto id = sql::single_integer(db, q, what);
    if (!id) return fail(id.error());
    if (!*id) return fail(Errc::io, db.label() + ": " + what + ": no id returned");
    return **id;
}

}  // namespace

Result<std::optional<Patient>> Store::find_patient(int64_t id) {
    Database& db = *impl_->database;
    auto s = sql::prepare(db, std::string(kPatientColumns) + "WHERE id = ?", "find patient");
    if (!s) return fail(s.error());
    (*s)->bind(1, id);
    return sql::optional_row<Patient>(db, **s, "find patient", patient_row);
}

Result<std::optional<Patient>> Store::find_patient_by_chart(std::string_view chart_id) {
    Database& db = *impl_->database;
    auto s = sql::prepare(db,
                          std::string(kPatientColumns) +
                              "WHERE chart_id = ? ORDER BY id "
                              "LIMIT 1",
                          "find patient");
    if (!s) return fail(s.error());
    (*s)->bind(1, chart_id);
    return sql::optional_row<Patient>(db, **s, "find patient", patient_row);
}

Status Store::update_patient(const Patient& p) {
    Database& db = *impl_->database;
    const std::string what = "update patient " + std::to_string(p.id);
    // RETURNING says whether a row was there to update, on both engines.
    auto s = sql::prepare(db,
                          "UPDATE patients SET name = ?, date_of_birth = ?, chart_id = ? "
                          "WHERE id = ? RETURNING id",
                          what);
    if (!s) return fail(s.error());
    (*s)->bind(1, p.name).bind(2, p.date_of_birth).bind(3, p.chart_id).bind(4, p.id);
    auto updated = sql::single_integer(db, **s, what);
    if (!updated) return fail(updated.error());
    if (!*updated)
        return fail(Errc::bad_input, "patient " + std::to_string(p.id) + " does not exist");
    return ok();
}

Result<std::vector<CaseRecord>> Store::cases_of_patient(int64_t patient_id) {
    Database& db = *impl_->database;
    auto s = sql::prepare(db,
                          std::string("SELECT ") + sql::kCaseColumns +
                              " FROM cases WHERE patient_id = ? ORDER BY case_id",
                          "cases of patient");
    if (!s) return fail(s.error());
    (*s)->bind(1, patient_id);
    return sql::all_rows<CaseRecord>(db, **s, "cases of patient", sql::case_row);
}

Result<int64_t> Store::record_submission_event(const SubmissionEvent& e) {
    if (e.case_id.empty()) return fail(Errc::bad_input, "submission event: no case id");
    if (!is_known_event(e.event)) {
        return fail(Errc::bad_input, "submission event for case " + e.case_id + ": '" + e.event +
                                         "' is not one of built, overridden, queued, uploaded, "
                                         "failed");
    }
    const bool once = is_outcome(e.event) && !e.package_id.empty();
    if (once) {
        auto existing = recorded_outcome(*impl_->database, e);
        if (!existing) return fail(existing.error());
        if (*existing) return **existing;
    }
    auto id = insert_event(*impl_->database, e);
    // Another station recorded the same outcome between the look-up and the insert: the unique
    // index refused this one, and the other's row is the answer.
    if (!id && once && id.error().code == Errc::conflict) {
        auto existing = recorded_outcome(*impl_->database, e);
        if (existing && *existing) return **existing;
    }
    return id;
}

Result<std::vector<SubmissionEvent>> Store::submission_history(std::string_view case_id) {
    Database& db = *impl_->database;
    auto s = sql::prepare(db, std::string(kEventColumns) + "WHERE case_id = ? ORDER BY id",
                          "read submission history");
    if (!s) return fail(s.error());
    (*s)->bind(1, case_id);
    return sql::all_rows<SubmissionEvent>(db, **s, "read submission history", event_row);
}

Result<std::optional<SubmissionEvent>> Store::find_package_event(std::string_view package_id) {
    Database& db = *impl_->database;
    auto s =
        sql::prepare(db, std::string(kEventColumns) + "WHERE package_id = ? ORDER BY id LIMIT 1",
                     "read submission history");
    if (!s) return fail(s.error());
    (*s)->bind(1, package_id);
    return sql::optional_row<SubmissionEvent>(db, **s, "read submission history", event_row);
}

}  // namespace intake::record
