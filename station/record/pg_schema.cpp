// The PostgreSQL schema. Its numbering is its own (schema_migrations.h, kPgSchemaVersion): it
// holds the tables of the record code that runs on both engines so far — the audit chain and
// the appointment in progress. Columns keep SQLite's types as text so the audit hash, computed
// over the fields' text, is the same on both engines. Never edit a shipped migration.
#include "station/record/schema_migrations.h"

namespace intake::record {

namespace {

constexpr Migration kPgMigrations[] = {
    // 1: the audit chain (append-only: UPDATE, DELETE and TRUNCATE are refused by triggers) and
    // the workflow per case with its version for optimistic concurrency between stations.
    {1, R"sql(
    CREATE TABLE audit_log (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
        role TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
        before_hash TEXT NOT NULL, after_hash TEXT NOT NULL, detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL);
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
    CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    CREATE TABLE workflows (case_id TEXT PRIMARY KEY, state_json TEXT NOT NULL,
        draft_json TEXT NOT NULL DEFAULT '{}', updated_at TEXT NOT NULL,
        version BIGINT NOT NULL DEFAULT 1);
    )sql"},
};

static_assert(migrations_ascend(kPgMigrations, kPgSchemaVersion),
              "PostgreSQL migrations ascend and end at kPgSchemaVersion");

}  // namespace

std::span<const Migration> pg_migrations() { return kPgMigrations; }

}  // namespace intake::record
