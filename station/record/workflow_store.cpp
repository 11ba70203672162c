// The appointment in progress per case, kept in the `workflows` table (migration 3): the
// Workflow's JSON and the kiosk's draft, replaced together so a restart finds the same step
// with what was captured.
#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "station/record/store_sql.h"

namespace intake::record {

Status Store::save_workflow(const WorkflowRecord& w) {
    if (w.case_id.empty()) return fail(Errc::invalid_argument, "workflow: case_id is empty");
    sql::Stmt s(impl_->db,
                "INSERT INTO workflows (case_id, state_json, draft_json, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET "
                "state_json = excluded.state_json, draft_json = excluded.draft_json, "
                "updated_at = excluded.updated_at");
    if (!s.ok()) return s.error("save workflow");
    s.bind(1, w.case_id).bind(2, w.state_json);
    s.bind(3, w.draft_json.empty() ? std::string_view("{}") : std::string_view(w.draft_json));
    s.bind(4, AuditLog::utc_now());
    if (s.step() != SQLITE_DONE) return s.error("save workflow of case " + w.case_id);
    return ok();
}

Result<std::optional<WorkflowRecord>> Store::find_workflow(std::string_view case_id) {
    sql::Stmt s(impl_->db,
                "SELECT case_id, state_json, draft_json, updated_at FROM workflows "
                "WHERE case_id = ?");
    if (!s.ok()) return s.error("find workflow");
    const int rc = s.bind(1, case_id).step();
    if (rc == SQLITE_DONE) return std::optional<WorkflowRecord>{};
    if (rc != SQLITE_ROW) return s.error("find workflow");
    return std::optional<WorkflowRecord>(
        WorkflowRecord{s.text(0), s.text(1), s.text(2), s.text(3)});
}

Status Store::clear_workflow(std::string_view case_id) {
    sql::Stmt s(impl_->db, "DELETE FROM workflows WHERE case_id = ?");
    if (!s.ok()) return s.error("clear workflow");
    if (s.bind(1, case_id).step() != SQLITE_DONE) return s.error("clear workflow");
    return ok();
}

}  // namespace intake::record
