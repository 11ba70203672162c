#include "station/record/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "base/file_io.h"
#include "station/record/pg_database.h"
#include "station/record/schema_migrations.h"
#include "station/record/sqlite_database.h"
#include "station/record/store_sql.h"

namespace intake::record {

namespace {

// Each migration runs once, in order of its number, inside one transaction; never edit a
// shipped one. Migrations carry their number instead of being counted by position, because
// parallel branches reserve numbers (staff: 4 and 5, cases: 6 and 7) and a build may hold a
// later number without the earlier ones; the database remembers the highest applied number.

constexpr Migration kMigrations[] = {
    // 1: the record tables.
    {1, R"sql(
    CREATE TABLE practices (id INTEGER PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL DEFAULT '');
    CREATE TABLE patients (id INTEGER PRIMARY KEY,
        practice_id INTEGER NOT NULL REFERENCES practices(id),
        name TEXT NOT NULL, date_of_birth TEXT NOT NULL, chart_id TEXT NOT NULL,
        UNIQUE (practice_id, chart_id));
    CREATE TABLE cases (id INTEGER PRIMARY KEY,
        patient_id INTEGER REFERENCES patients(id),
        case_id TEXT NOT NULL UNIQUE, lab TEXT NOT NULL DEFAULT '', lab_case_id TEXT NOT NULL DEFAULT '',
        rules TEXT NOT NULL, rules_version TEXT NOT NULL DEFAULT '', case_json TEXT NOT NULL);
    CREATE TABLE submissions (id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL, created_at TEXT NOT NULL, state TEXT NOT NULL,
        rules TEXT NOT NULL, rules_version TEXT NOT NULL,
        rx_json TEXT NOT NULL DEFAULT '', gate_json TEXT NOT NULL DEFAULT '',
        package_path TEXT NOT NULL DEFAULT '');
    CREATE TABLE users (user_id TEXT PRIMARY KEY, display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('assistant', 'clinician')), pin_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
        role TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
        before_hash TEXT NOT NULL, after_hash TEXT NOT NULL, detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL);
    )sql"},
    // 2: the audit log is append-only at the database level too.
    {2, R"sql(
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE INDEX submissions_by_case ON submissions(case_id);
    )sql"},
    // 3: the appointment in progress per case (workflow state and the captured draft), so a
    // crash or restart resumes at the same step; and an index for the case lookup by patient.
    {3, R"sql(
    CREATE TABLE workflows (case_id TEXT PRIMARY KEY, state_json TEXT NOT NULL,
        draft_json TEXT NOT NULL DEFAULT '{}', updated_at TEXT NOT NULL);
    CREATE INDEX cases_by_patient ON cases(patient_id);
    )sql"},
    // 4: named staff. The role gains `admin`; users can be disabled; demo-seed users are marked
    // (only they keep 4-digit PINs); PIN hashes say whether they are keyed with the pepper. The
    // users the kiosk used to enrol on every start (`assistant`, `clinician`) were demo users.
    {4, R"sql(
    CREATE TABLE users_v4 (user_id TEXT PRIMARY KEY, display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('assistant', 'clinician', 'admin')),
        pin_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
        pin_scheme TEXT NOT NULL DEFAULT 'argon2id-hmac'
            CHECK (pin_scheme IN ('argon2id', 'argon2id-hmac')));
    INSERT INTO users_v4 (user_id, display_name, role, pin_hash, failed_attempts, locked_until,
                          demo, pin_scheme)
        SELECT user_id, display_name, role, pin_hash, failed_attempts, locked_until,
               user_id IN ('assistant', 'clinician'), 'argon2id' FROM users;
    DROP TABLE users;
    ALTER TABLE users_v4 RENAME TO users;
    )sql"},
    // 5: the station's settings (practice, lab, rule pack, endpoint), a single row.
    {5, R"sql(
    CREATE TABLE IF NOT EXISTS station_settings (id INTEGER PRIMARY KEY CHECK (id = 1),
        practice_name TEXT NOT NULL DEFAULT '', lab TEXT NOT NULL DEFAULT '',
        rule_pack TEXT NOT NULL DEFAULT '', endpoint TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT '', updated_by TEXT NOT NULL DEFAULT '');
    )sql"},
    // 6: the submission history of each case: every package built, overridden, queued,
    // uploaded (with the lab's receipt) or failed, in the order it happened.
    {6, R"sql(
    CREATE TABLE submission_events (id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL, at TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('built', 'overridden', 'queued', 'uploaded', 'failed')),
        package_id TEXT NOT NULL DEFAULT '', package_path TEXT NOT NULL DEFAULT '',
        lab_case_id TEXT NOT NULL DEFAULT '', actor TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '');
    CREATE INDEX submission_events_by_case ON submission_events(case_id, id);
    )sql"},
    // 7: an upload's outcome is recorded once per package (the outbox is polled after every
    // run), and the outbox's jobs are matched back to their case by package id.
    {7, R"sql(
    CREATE UNIQUE INDEX submission_events_outcome_once ON submission_events(package_id, event)
        WHERE package_id <> '' AND event IN ('queued', 'uploaded', 'failed');
    CREATE INDEX submission_events_by_package ON submission_events(package_id);
    CREATE INDEX patients_by_chart ON patients(chart_id);
    )sql"},
    // 8: stations sharing a case write its workflow with optimistic concurrency:
    // every save counts the row's version up; rows from before start at 1.
    {8, R"sql(
    ALTER TABLE workflows ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    )sql"},
    // 9: wrong PINs for ids that are no active user, counted like a user's (so a restart or the
    // CLI does not forget them), keyed by a keyed hash of the id typed, never the id itself.
    {9, R"sql(
    CREATE TABLE sign_in_attempts (id_key TEXT PRIMARY KEY,
        failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0);
    )sql"},
};

static_assert(migrations_ascend(kMigrations, kSchemaVersion),
              "migrations ascend and end at kSchemaVersion");

// A PRAGMA's single value; -1 when it yields none or fails (SQLite only).
int64_t pragma_int(Database& db, const char* sql) {
    auto s = db.prepare(sql);
    if (!s) return -1;
    auto row = (*s)->step();
    return row && *row ? (*s)->integer(0) : -1;
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

std::filesystem::path Store::default_path(const std::filesystem::path& home) {
    return home / "station.db";
}

Status Store::in_transaction(const std::function<Status()>& fn) {
    Database& db = *impl_->database;
    if (db.in_transaction()) {
        // Already inside a transaction: a savepoint, so the inner part can fail alone while the
        // outer caller still decides (and an audit failure takes its action down with it).
        INTAKE_TRY(db.exec("SAVEPOINT nested", "savepoint"));
        Status st = fn();
        if (!st) {
            (void)db.exec("ROLLBACK TO nested; RELEASE nested", "rollback to savepoint");
            return st;
        }
        return db.exec("RELEASE nested", "release savepoint");
    }
    INTAKE_TRY(db.begin());
    Status st = fn();
    if (st) st = db.commit();
    // A failed COMMIT leaves the transaction open; rolled back here, it cannot turn every later
    // call into a savepoint of a transaction nobody will finish.
    if (!st && db.in_transaction()) (void)db.rollback();
    return st;
}

Status Store::lock_audit_chain() { return impl_->database->lock(WriteLock::audit_chain); }

std::string Store::engine_name() const {
    return impl_->database->engine() == Engine::postgresql ? "postgresql" : "sqlite";
}

const std::string& Store::label() const { return impl_->database->label(); }

Result<Store> Store::open(const std::filesystem::path& path) {
    // Health data: the folder is the owner's only, and the database is created 0600 before
    // SQLite sees it (SQLite would create it 0644 under the umask; -wal and -shm take its mode).
    if (path.has_parent_path()) INTAKE_TRY(create_private_directories(path.parent_path()));
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return fail(Errc::io, path.string() + ": cannot open: " + std::strerror(errno));
    ::fchmod(fd, 0600);
    ::close(fd);
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    auto impl = std::make_unique<Impl>();
    impl->database = std::make_unique<SqliteDatabase>(db, "station.db");  // closes it
    if (rc != SQLITE_OK) {
        return fail(Errc::io, path.string() + ": cannot open database: " + sqlite3_errstr(rc));
    }
    sqlite3_busy_timeout(db, 5000);
    impl->path = path;
    Database& database = *impl->database;
    // A file that is not a database fails at its first read.
    if (pragma_int(database, "PRAGMA schema_version") < 0) {
        return fail(Errc::corrupt, path.string() + ": not an SQLite database");
    }
    INTAKE_TRY(database.exec("PRAGMA journal_mode = WAL", "journal mode"));
    INTAKE_TRY(database.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", "pragmas"));
    INTAKE_TRY(migrate(database, kMigrations, kSchemaVersion));
    return Store(std::move(impl));
}

Result<Store> Store::open_location(std::string_view location) {
    if (!is_postgresql_url(location)) return open(std::filesystem::path(location));
    auto connected = connect_postgresql(location);
    if (!connected) return fail(connected.error());
    auto impl = std::make_unique<Impl>();
    impl->database = std::move(*connected);
    INTAKE_TRY(migrate(*impl->database, pg_migrations(), kPgSchemaVersion));
    return Store(std::move(impl));
}

const std::filesystem::path& Store::path() const { return impl_->path; }

int Store::schema_version() const {
    auto v = impl_->database->schema_version();
    return v ? *v : -1;
}

// SQLite's pragmas; PostgreSQL keeps its own write-ahead log and durability settings, which are
// the server's administrator's business, so the store answers "" and -1 there.
std::string Store::journal_mode() const {
    Database& db = *impl_->database;
    if (db.engine() != Engine::sqlite) return "";
    auto s = db.prepare("PRAGMA journal_mode");
    if (!s) return "";
    auto row = (*s)->step();
    return row && *row ? (*s)->text(0) : "";
}

int Store::synchronous() const {
    Database& db = *impl_->database;
    return db.engine() == Engine::sqlite ? static_cast<int>(pragma_int(db, "PRAGMA synchronous"))
                                         : -1;
}

namespace {

// The id an `INSERT ... RETURNING id` assigned.
Result<int64_t> inserted_id(Database& db, Statement& s, std::string_view what) {
    auto id = sql::single_integer(db, s, what);
    if (!id) return fail(id.error());
    if (!*id) return fail(Errc::io, db.label() + ": " + std::string(what) + ": no id returned");
    return **id;
}

}  // namespace

Result<int64_t> Store::add_practice(const Practice& p) {
    Database& db = *impl_->database;
    auto s = sql::prepare(db, "INSERT INTO practices (name, address) VALUES (?, ?) RETURNING id",
                          "add practice");
    if (!s) return fail(s.error());
    (*s)->bind(1, p.name).bind(2, p.address);
    return inserted_id(db, **s, "add practice");
}

Result<int64_t> Store::add_patient(const Patient& p) {
    Database& db = *impl_->database;
    auto s = sql::prepare(db,
                          "INSERT INTO patients (practice_id, name, date_of_birth, chart_id) "
                          "VALUES (?, ?, ?, ?) RETURNING id",
                          "add patient");
    if (!s) return fail(s.error());
    (*s)->bind(1, p.practice_id).bind(2, p.name).bind(3, p.date_of_birth).bind(4, p.chart_id);
    return inserted_id(db, **s, "add patient " + p.chart_id);
}

Result<int64_t> Store::save_case(const CaseRecord& c) {
    Database& db = *impl_->database;
    // The cast gives PostgreSQL the parameter's type (NULLIF alone would infer a 32-bit one).
    auto s = sql::prepare(
        db,
        "INSERT INTO cases (patient_id, case_id, lab, lab_case_id, rules, rules_version, "
        "case_json) VALUES (NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(case_id) DO UPDATE SET lab = excluded.lab, "
        "lab_case_id = excluded.lab_case_id, rules = excluded.rules, "
        "rules_version = excluded.rules_version, case_json = excluded.case_json RETURNING id",
        "save case");
    if (!s) return fail(s.error());
    Statement& q = **s;
    q.bind(1, c.patient_id).bind(2, c.case_id).bind(3, c.lab).bind(4, c.lab_case_id);
    q.bind(5, c.rules).bind(6, c.rules_version).bind(7, c.case_json);
    return inserted_id(db, q, "save case " + c.case_id);
}

Result<std::optional<CaseRecord>> Store::find_case(std::string_view case_id) {
    Database& db = *impl_->database;
    auto s = sql::prepare(
        db, std::string("SELECT ") + sql::kCaseColumns + " FROM cases WHERE case_id = ?",
        "find case");
    if (!s) return fail(s.error());
    (*s)->bind(1, case_id);
    return sql::optional_row<CaseRecord>(db, **s, "find case", sql::case_row);
}

Result<int64_t> Store::add_submission(const SubmissionRecord& r) {
    Database& db = *impl_->database;
    auto s = sql::prepare(db,
                          "INSERT INTO submissions (case_id, created_at, state, rules, "
                          "rules_version, rx_json, gate_json, package_path) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          "add submission");
    if (!s) return fail(s.error());
    Statement& q = **s;
    q.bind(1, r.case_id).bind(2, r.created_at).bind(3, r.state).bind(4, r.rules);
    q.bind(5, r.rules_version).bind(6, r.rx_json).bind(7, r.gate_json).bind(8, r.package_path);
    return inserted_id(db, q, "add submission");
}

Result<std::vector<Practice>> Store::practices() {
    Database& db = *impl_->database;
    auto s =
        sql::prepare(db, "SELECT id, name, address FROM practices ORDER BY id", "list practices");
    if (!s) return fail(s.error());
    return sql::all_rows<Practice>(db, **s, "list practices", [](const Statement& q) {
        return Practice{q.integer(0), q.text(1), q.text(2)};
    });
}

Result<std::vector<Patient>> Store::patients() {
    Database& db = *impl_->database;
    auto s = sql::prepare(
        db, "SELECT id, practice_id, name, date_of_birth, chart_id FROM patients ORDER BY id",
        "list patients");
    if (!s) return fail(s.error());
    return sql::all_rows<Patient>(db, **s, "list patients", [](const Statement& q) {
        return Patient{q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4)};
    });
}

Status Store::append_audit(const AuditRow& r) {
    Database& db = *impl_->database;
    auto s = db.prepare(
        "INSERT INTO audit_log (seq, at, actor, role, action, subject, before_hash, after_hash, "
        "detail, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s) return sql::db_failure(db, "append audit", s.error());
    Statement& q = **s;
    q.bind(1, r.seq).bind(2, r.at).bind(3, r.actor).bind(4, r.role).bind(5, r.action);
    q.bind(6, r.subject).bind(7, r.before_hash).bind(8, r.after_hash).bind(9, r.detail);
    q.bind(10, r.prev_hash).bind(11, r.entry_hash);
    if (auto done = q.step(); !done) return sql::db_failure(db, "append audit", done.error());
    return ok();
}

namespace {

constexpr const char* kAuditColumns =
    "SELECT seq, at, actor, role, action, subject, before_hash, after_hash, detail, prev_hash, "
    "entry_hash FROM audit_log ";

AuditRow audit_row(const Statement& s) {
    return {s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
            s.text(6),    s.text(7), s.text(8), s.text(9), s.text(10)};
}

// Every row the query yields, in its order.
Result<std::vector<AuditRow>> read_audit(Database& db, const std::string& sql) {
    auto s = db.prepare(sql);
    if (!s) return sql::db_failure(db, "read audit log", s.error());
    std::vector<AuditRow> out;
    for (;;) {
        auto row = (*s)->step();
        if (!row) return sql::db_failure(db, "read audit log", row.error());
        if (!*row) return out;
        out.push_back(audit_row(**s));
    }
}

}  // namespace

Result<std::vector<AuditRow>> Store::audit_rows() {
    return read_audit(*impl_->database, std::string(kAuditColumns) + "ORDER BY seq");
}

Result<std::optional<AuditRow>> Store::last_audit_row() {
    auto rows =
        read_audit(*impl_->database, std::string(kAuditColumns) + "ORDER BY seq DESC LIMIT 1");
    if (!rows) return fail(rows.error());
    if (rows->empty()) return std::optional<AuditRow>{};
    return std::optional<AuditRow>(std::move(rows->front()));
}

}  // namespace intake::record
