// The PostgreSQL schema. Its numbering is its own (schema_migrations.h, kPgSchemaVersion): it
// holds every table of the store (SQLite's migrations 1-9 in store.cpp, in fewer steps): the
// audit chain and the appointment in progress (1), then the record tables — practices, patients,
// cases, submissions, users, station settings and the submission history (2), and the
// wrong PINs for made-up ids (3), the practice's shared outbox (5) and the workflow_changed
// notification the kiosks listen to (6; 4 is unused). Columns keep
// SQLite's types as text so the audit hash, computed over the fields' text, is the same on both
// engines; flags stay 0/1 integers. Never edit a shipped migration.
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
    // 2: the record tables, with SQLite's columns, constraints and indexes. Ids are BIGSERIAL
    // (SQLite's INTEGER PRIMARY KEY); the ids people type or sort by compare byte by byte
    // (COLLATE "C", SQLite's BINARY), so lists come back in the same order on both engines.
    {2, R"sql(
    CREATE TABLE practices (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT '');
    CREATE TABLE patients (id BIGSERIAL PRIMARY KEY,
        practice_id BIGINT NOT NULL REFERENCES practices(id),
        name TEXT NOT NULL, date_of_birth TEXT NOT NULL, chart_id TEXT COLLATE "C" NOT NULL,
        UNIQUE (practice_id, chart_id));
    CREATE INDEX patients_by_chart ON patients(chart_id);
    CREATE TABLE cases (id BIGSERIAL PRIMARY KEY,
        patient_id BIGINT REFERENCES patients(id),
        case_id TEXT COLLATE "C" NOT NULL UNIQUE, lab TEXT NOT NULL DEFAULT '',
        lab_case_id TEXT NOT NULL DEFAULT '', rules TEXT NOT NULL,
        rules_version TEXT NOT NULL DEFAULT '', case_json TEXT NOT NULL);
    CREATE INDEX cases_by_patient ON cases(patient_id);
    CREATE TABLE submissions (id BIGSERIAL PRIMARY KEY,
        case_id TEXT NOT NULL, created_at TEXT NOT NULL, state TEXT NOT NULL,
        rules TEXT NOT NULL, rules_version TEXT NOT NULL,
        rx_json TEXT NOT NULL DEFAULT '', gate_json TEXT NOT NULL DEFAULT '',
        package_path TEXT NOT NULL DEFAULT '');
    CREATE INDEX submissions_by_case ON submissions(case_id);
    CREATE TABLE users (user_id TEXT COLLATE "C" PRIMARY KEY, display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('assistant', 'clinician', 'admin')),
        pin_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until BIGINT NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
        pin_scheme TEXT NOT NULL DEFAULT 'argon2id-hmac'
            CHECK (pin_scheme IN ('argon2id', 'argon2id-hmac')));
    CREATE TABLE station_settings (id INTEGER PRIMARY KEY CHECK (id = 1),
        practice_name TEXT NOT NULL DEFAULT '', lab TEXT NOT NULL DEFAULT '',
        rule_pack TEXT NOT NULL DEFAULT '', endpoint TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT '', updated_by TEXT NOT NULL DEFAULT '');
    CREATE TABLE submission_events (id BIGSERIAL PRIMARY KEY,
        case_id TEXT NOT NULL, at TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('built', 'overridden', 'queued', 'uploaded', 'failed')),
        package_id TEXT NOT NULL DEFAULT '', package_path TEXT NOT NULL DEFAULT '',
        lab_case_id TEXT NOT NULL DEFAULT '', actor TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '');
    CREATE INDEX submission_events_by_case ON submission_events(case_id, id);
    CREATE UNIQUE INDEX submission_events_outcome_once ON submission_events(package_id, event)
        WHERE package_id <> '' AND event IN ('queued', 'uploaded', 'failed');
    CREATE INDEX submission_events_by_package ON submission_events(package_id);
    )sql"},
    // 3: SQLite's 9, wrong PINs for ids that are no active user, under a keyed hash of the id.
    {3, R"sql(
    CREATE TABLE sign_in_attempts (id_key TEXT COLLATE "C" PRIMARY KEY,
        failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until BIGINT NOT NULL DEFAULT 0);
    )sql"},
    // 5: the practice's shared outbox (station/package/outbox.h): the jobs with SQLite
    // outbox.db's columns, its pinned seal key id, and the sealed package itself as bytea
    // chunks (the secretstream file's bytes, 1 MiB a row), so any station can resume an
    // upload another started. A job and its chunks are inserted in one transaction.
    {5, R"sql(
    CREATE TABLE outbox_jobs (id BIGSERIAL PRIMARY KEY,
        package_id TEXT COLLATE "C" NOT NULL UNIQUE, file_name TEXT NOT NULL,
        size BIGINT NOT NULL, sha256 TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'uploading', 'uploaded', 'failed')),
        upload_url TEXT NOT NULL DEFAULT '', upload_offset BIGINT NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
        receipt TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        create_intent TEXT NOT NULL DEFAULT '', claimed_by TEXT NOT NULL DEFAULT '',
        lease_until BIGINT NOT NULL DEFAULT 0);
    CREATE INDEX outbox_jobs_pending ON outbox_jobs(id) WHERE state IN ('queued', 'uploading');
    CREATE TABLE outbox_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE outbox_chunks (
        job_id BIGINT NOT NULL REFERENCES outbox_jobs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, bytes BYTEA NOT NULL, PRIMARY KEY (job_id, seq));
    )sql"},
    // 6: every write of a case's workflow row is announced on the `workflow_changed` channel as
    // "<version>:<case id>" (0 when the row was deleted), so the other stations' kiosks reload
    // the case within a moment without polling. Numbered after 5 (not the 4 once kept for it):
    // a database already at 5 would never run a 4.
    {6, R"sql(
    CREATE FUNCTION workflows_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM pg_notify('workflow_changed', '0:' || OLD.case_id);
            RETURN OLD;
        END IF;
        PERFORM pg_notify('workflow_changed', NEW.version::text || ':' || NEW.case_id);
        RETURN NEW;
    END $$;
    CREATE TRIGGER workflows_changed AFTER INSERT OR UPDATE OR DELETE ON workflows
        FOR EACH ROW EXECUTE FUNCTION workflows_notify();
    )sql"},
};

static_assert(migrations_ascend(kPgMigrations, kPgSchemaVersion),
              "PostgreSQL migrations ascend and end at kPgSchemaVersion");

}  // namespace

std::span<const Migration> pg_migrations() { return kPgMigrations; }

}  // namespace intake::record
