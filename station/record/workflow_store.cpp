// The appointment in progress per case, kept in the `workflows` table (SQLite migrations 3 and
// 8, PostgreSQL migration 1): the Workflow's JSON and the kiosk's draft, replaced together so a
// restart finds the same step with what was captured. Every save counts the row's version up;
// update_workflow writes only over the version the caller read, so two stations on one case
// never overwrite each other unseen. The SQL is the same on both engines.
#include <cstdlib>

#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "station/record/store_sql.h"

namespace intake::record {

namespace {

std::string_view draft_or_empty(const WorkflowRecord& w) {
    return w.draft_json.empty() ? std::string_view("{}") : std::string_view(w.draft_json);
}

// The version stored for the case now; 0 when it has no row.
Result<int64_t> stored_version(Database& db, std::string_view case_id) {
    auto s = db.prepare("SELECT version FROM workflows WHERE case_id = ?");
    if (!s) return sql::db_failure(db, "read workflow version", s.error());
    auto row = (*s)->bind(1, case_id).step();
    if (!row) return sql::db_failure(db, "read workflow version", row.error());
    return *row ? (*s)->integer(0) : int64_t{0};
}

Failure stale_write(Database& db, const WorkflowRecord& w, int64_t based_on) {
    auto now = stored_version(db, w.case_id);
    if (!now) return fail(now.error());
    const std::string stored = *now == 0 ? "the case has no workflow stored"
                                         : "the store holds version " + std::to_string(*now);
    return fail(Errc::conflict, "workflow of case " + w.case_id +
                                    " was changed by another station: this write is based on "
                                    "version " +
                                    std::to_string(based_on) + " but " + stored +
                                    "; reload the case and apply the change again");
}

}  // namespace

Status Store::save_workflow(const WorkflowRecord& w) {
    if (w.case_id.empty()) return fail(Errc::invalid_argument, "workflow: case_id is empty");
    Database& db = *impl_->database;
    auto s = db.prepare(
        "INSERT INTO workflows (case_id, state_json, draft_json, updated_at, version) "
        "VALUES (?, ?, ?, ?, 1) ON CONFLICT(case_id) DO UPDATE SET "
        "state_json = excluded.state_json, draft_json = excluded.draft_json, "
        "updated_at = excluded.updated_at, version = workflows.version + 1");
    if (!s) return sql::db_failure(db, "save workflow", s.error());
    (*s)->bind(1, w.case_id).bind(2, w.state_json).bind(3, draft_or_empty(w));
    (*s)->bind(4, AuditLog::utc_now());
    if (auto done = (*s)->step(); !done)
        return sql::db_failure(db, "save workflow of case " + w.case_id, done.error());
    return ok();
}

Result<int64_t> Store::update_workflow(const WorkflowRecord& w, int64_t based_on) {
    if (w.case_id.empty()) return fail(Errc::invalid_argument, "workflow: case_id is empty");
    if (based_on < 0) return fail(Errc::invalid_argument, "workflow: version is negative");
    Database& db = *impl_->database;
    // One statement either way, so the check and the write cannot be split by another station:
    // the insert only when no row exists, the update only over the version read.
    auto s = db.prepare(based_on == 0 ? "INSERT INTO workflows (case_id, state_json, draft_json, "
                                        "updated_at, version) VALUES (?, ?, ?, ?, 1) "
                                        "ON CONFLICT(case_id) DO NOTHING RETURNING version"
                                      : "UPDATE workflows SET state_json = ?, draft_json = ?, "
                                        "updated_at = ?, version = version + 1 "
                                        "WHERE case_id = ? AND version = ? RETURNING version");
    if (!s) return sql::db_failure(db, "update workflow", s.error());
    Statement& q = **s;
    if (based_on == 0) {
        q.bind(1, w.case_id).bind(2, w.state_json).bind(3, draft_or_empty(w));
        q.bind(4, AuditLog::utc_now());
    } else {
        q.bind(1, w.state_json).bind(2, draft_or_empty(w)).bind(3, AuditLog::utc_now());
        q.bind(4, w.case_id).bind(5, based_on);
    }
    auto row = q.step();
    if (!row) return sql::db_failure(db, "update workflow of case " + w.case_id, row.error());
    if (!*row) return stale_write(db, w, based_on);
    const int64_t version = q.integer(0);
    (void)q.step();  // SQLite finishes the statement (and its write) on the step after the row
    return version;
}

Result<std::optional<WorkflowRecord>> Store::find_workflow(std::string_view case_id) {
    Database& db = *impl_->database;
    auto s = db.prepare(
        "SELECT case_id, state_json, draft_json, updated_at, version FROM workflows "
        "WHERE case_id = ?");
    if (!s) return sql::db_failure(db, "find workflow", s.error());
    Statement& q = **s;
    auto row = q.bind(1, case_id).step();
    if (!row) return sql::db_failure(db, "find workflow", row.error());
    if (!*row) return std::optional<WorkflowRecord>{};
    return std::optional<WorkflowRecord>(
        WorkflowRecord{q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4)});
}

Result<int64_t> Store::workflow_version(std::string_view case_id) {
    return stored_version(*impl_->database, case_id);
}

Status Store::watch_workflows() { return impl_->database->listen("workflow_changed"); }

// Payloads are "<version>:<case id>" (pg_schema.cpp, migration 4); anything else is skipped.
Result<WorkflowNews> Store::workflow_changes() {
    auto payloads = impl_->database->notifications();
    if (!payloads) return fail(payloads.error());
    WorkflowNews news;
    const int64_t reconnects = impl_->database->reconnects();
    news.interrupted = reconnects != impl_->reconnects_seen;
    impl_->reconnects_seen = reconnects;
    for (const std::string& p : *payloads) {
        const auto colon = p.find(':');
        if (colon == std::string::npos || colon == 0) continue;
        char* end = nullptr;
        const long long version = std::strtoll(p.c_str(), &end, 10);
        if (end != p.c_str() + colon) continue;
        news.changes.push_back({p.substr(colon + 1), static_cast<int64_t>(version)});
    }
    return news;
}

Status Store::clear_workflow(std::string_view case_id) {
    Database& db = *impl_->database;
    auto s = db.prepare("DELETE FROM workflows WHERE case_id = ?");
    if (!s) return sql::db_failure(db, "clear workflow", s.error());
    if (auto done = (*s)->bind(1, case_id).step(); !done)
        return sql::db_failure(db, "clear workflow", done.error());
    return ok();
}

}  // namespace intake::record
