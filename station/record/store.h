// The station's database: practices, patients, cases, submissions, users and the audit log.
// SQLite (<home>/station.db, the embedded default) with WAL + synchronous=FULL so a power cut
// loses nothing committed, schema changes numbered migrations tracked in PRAGMA user_version;
// or PostgreSQL (a postgresql:// URL, one database for a practice's stations), where every call
// runs the same (its schema is numbered on its own, pg_schema.cpp). The engines stay inside
// the store's .cpp files: callers see small value types only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intake::record {

struct Practice {
    int64_t id = 0;
    std::string name;
    std::string address;
};

struct Patient {
    int64_t id = 0;
    int64_t practice_id = 0;
    std::string name;
    std::string date_of_birth;  // YYYY-MM-DD
    std::string chart_id;
};

struct CaseRecord {
    int64_t id = 0;
    int64_t patient_id = 0;
    std::string case_id;  // the case file's case_id
    std::string lab;
    std::string lab_case_id;
    std::string rules;
    std::string rules_version;
    std::string case_json;  // the case file as last saved
};

struct SubmissionRecord {
    int64_t id = 0;
    std::string case_id;
    std::string created_at;  // UTC ISO-8601
    std::string state;       // draft, gated, overridden, packaged, sent
    std::string rules;
    std::string rules_version;
    std::string rx_json;
    std::string gate_json;
    std::string package_path;
};

struct UserRecord {
    std::string user_id;
    std::string display_name;
    std::string role;  // assistant | clinician | admin
    std::string pin_hash;
    int failed_attempts = 0;   // wrong PINs since the last successful sign-in
    int64_t locked_until = 0;  // unix seconds; 0 when not locked
    bool active = true;        // a disabled user cannot sign in or act
    bool demo = false;         // a demo-seed user: its 4-digit PIN is accepted
    // "argon2id-hmac": argon2id over HMAC-SHA256(pepper, PIN), the pepper outside the database;
    // "argon2id": the PIN itself (enrolled before the pepper existed; upgraded at sign-in).
    std::string pin_scheme = "argon2id-hmac";
};

// The station's own settings, one row: who the practice is and where packages go. Changed only
// through station_settings.h (a clinician or admin, audited).
struct StationSettings {
    std::string practice_name;
    std::string lab;
    std::string rule_pack;
    std::string endpoint;    // the lab's tus endpoint
    std::string updated_at;  // UTC ISO-8601 of the last change ("" when never set)
    std::string updated_by;  // user id of the last change
};

struct AuditRow {
    int64_t seq = 0;
    std::string at;  // UTC ISO-8601
    std::string actor;
    std::string role;
    std::string action;   // "attachments.decide", "gate.override", ...
    std::string subject;  // "case C-1"
    std::string before_hash;
    std::string after_hash;
    std::string detail;
    std::string prev_hash;
    std::string entry_hash;
};

// One entry of a case's submission history (docs/case-format.md, "Submission history").
struct SubmissionEvent {
    int64_t id = 0;
    std::string case_id;
    std::string at;     // UTC ISO-8601; set by record_submission_event when empty
    std::string event;  // built | overridden | queued | uploaded | failed
    std::string package_id;
    std::string package_path;
    std::string lab_case_id;
    std::string actor;   // who built or queued it, when known
    std::string detail;  // the lab's receipt (JSON) when uploaded, the reason when failed
};

// The events a submission history holds, in the order a package goes through them.
inline constexpr const char* kSubmissionEvents[] = {"built", "overridden", "queued", "uploaded",
                                                    "failed"};

// One row of the case lookup: the case with its patient (empty fields when the case has none).
struct CaseSummary {
    CaseRecord record;
    std::string patient_name;
    std::string patient_chart_id;
    std::string date_of_birth;
    int64_t practice_id = 0;
};

// What the case lookup asks for. `text` matches, partially and case-insensitively (ASCII letters),
// the case id, the lab's case id, the patient's name or chart id, or the patient's numeric id;
// empty matches every case. Newest case first; at most `limit` rows (clamped to 1..kMaxCaseLimit).
struct CaseQuery {
    std::string text;
    int limit = 50;
};
inline constexpr int kMaxCaseLimit = 500;

struct CaseList {
    std::vector<CaseSummary> cases;
    int64_t total = 0;  // how many matched before the limit
};

// The appointment in progress on a case: the Workflow's JSON (workflow.h) and the captured but
// not yet completed draft (photos, scans, instructions), whatever the kiosk put there.
struct WorkflowRecord {
    std::string case_id;
    std::string state_json;
    std::string draft_json = "{}";
    std::string updated_at;  // UTC ISO-8601, set by save_workflow
    // Counts the saves of this case's row: 1 for the first. Stations writing the same case
    // pass the version they read to update_workflow, which refuses a stale one.
    int64_t version = 0;
};

// Failed sign-ins in a row and the lockout they earned (unix seconds; 0: not locked).
struct SignInAttempts {
    int failed_attempts = 0;
    int64_t locked_until = 0;
};

// One write of a case's workflow row, as another station learns of it.
struct WorkflowChange {
    std::string case_id;
    int64_t version = 0;  // 0: the row was deleted
};

// What arrived since the last look.
struct WorkflowNews {
    std::vector<WorkflowChange> changes;  // in commit order
    // The connection to the server was lost and re-established since the last look: writes
    // made meanwhile were not announced, so re-read the versions you watch.
    bool interrupted = false;
};

// The newest SQLite schema version this build knows: the number of its last migration
// (store.cpp). PostgreSQL's schema is numbered on its own (kPgSchemaVersion, pg_schema.cpp).
inline constexpr int kSchemaVersion = 9;

class Store {
  public:
    // Opens or creates the database and applies pending migrations in transactions.
    // A database from a newer build (user_version > kSchemaVersion) is refused.
    static Result<Store> open(const std::filesystem::path& path);
    static std::filesystem::path default_path(const std::filesystem::path& home);
    // `postgresql://...` (or `postgres://`) connects to PostgreSQL and migrates its schema (a
    // newer one is refused too); anything else is an SQLite file path for open().
    static Result<Store> open_location(std::string_view location);

    // "sqlite" or "postgresql"; and the database for messages (never a password).
    std::string engine_name() const;
    const std::string& label() const;

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    // The database file: the station's home is its folder (the PIN pepper lives beside it).
    // Empty on PostgreSQL.
    const std::filesystem::path& path() const;
    int schema_version() const;
    // SQLite's pragmas; "" and -1 on PostgreSQL, whose durability is the server's setting.
    std::string journal_mode() const;  // "wal"
    int synchronous() const;           // 2 = FULL

    Result<int64_t> add_practice(const Practice& p);
    Result<int64_t> add_patient(const Patient& p);
    // Inserts or replaces the case with this case_id.
    Result<int64_t> save_case(const CaseRecord& c);
    Result<std::optional<CaseRecord>> find_case(std::string_view case_id);
    // The case lookup (case_search.cpp): search and list, newest first, bounded.
    Result<CaseList> list_cases(const CaseQuery& query = {});
    Result<int64_t> add_submission(const SubmissionRecord& s);

    // Patients, cases and the submission history (case_store.cpp).
    Result<std::optional<Patient>> find_patient(int64_t id);
    Result<std::optional<Patient>> find_patient_by_chart(std::string_view chart_id);
    // Replaces the patient's name, date of birth and chart id; bad_input when no such patient.
    Status update_patient(const Patient& p);
    // The patient's cases, by case id.
    Result<std::vector<CaseRecord>> cases_of_patient(int64_t patient_id);
    // An unknown event name or an empty case id is bad_input. An outcome (queued, uploaded,
    // failed) already recorded for the same package is not recorded twice: the existing row's
    // id is returned.
    Result<int64_t> record_submission_event(const SubmissionEvent& e);
    // Oldest first.
    Result<std::vector<SubmissionEvent>> submission_history(std::string_view case_id);
    // The case a package was built or queued for, from its history; nullopt when unknown.
    Result<std::optional<SubmissionEvent>> find_package_event(std::string_view package_id);

    // The appointment in progress per case (workflow_store.cpp). Saving replaces the case's row
    // in one statement (atomic under WAL + synchronous=FULL); clearing removes it.
    // save_workflow is the single chair's last-writer-wins save (the version still counts up).
    Status save_workflow(const WorkflowRecord& w);
    // Optimistic concurrency between stations: writes `w` only if the stored row is still at
    // `based_on` (0: only if the case has no row yet) and returns the new version. A stale write
    // is Errc::conflict naming the case and both versions: re-read, re-apply, try again.
    Result<int64_t> update_workflow(const WorkflowRecord& w, int64_t based_on);
    Result<std::optional<WorkflowRecord>> find_workflow(std::string_view case_id);
    // The case's row version alone (0: no row), for a station watching for other stations'
    // writes: one indexed lookup, no JSON.
    Result<int64_t> workflow_version(std::string_view case_id);
    // Pushed news of workflow writes by any station (PostgreSQL: LISTEN on `workflow_changed`,
    // fed by a trigger on `workflows`). watch_workflows() subscribes (SQLite: unsupported; poll
    // workflow_version instead); workflow_changes() returns what arrived since, without waiting.
    // The subscription survives a dropped connection; the news says when some may be missing.
    Status watch_workflows();
    Result<WorkflowNews> workflow_changes();
    Status clear_workflow(std::string_view case_id);
    Result<std::vector<Practice>> practices();
    Result<std::vector<Patient>> patients();

    // Users (store_users.cpp). The record layer's Staff and PinAuth enforce who may call these.
    Status insert_user(const UserRecord& u);  // conflict when the id exists
    Result<std::optional<UserRecord>> find_user(std::string_view user_id);
    Result<std::vector<UserRecord>> users();  // by user id
    Result<int64_t> user_count();
    Result<int64_t> peppered_user_count();  // users whose PIN hash needs the pepper
    Status update_user_lock(std::string_view user_id, int failed_attempts, int64_t locked_until);
    Status set_user_active(std::string_view user_id, bool active);
    // Replaces the PIN hash and clears the failure count and any lockout.
    Status set_user_pin(std::string_view user_id, std::string_view pin_hash,
                        std::string_view pin_scheme);

    // Wrong PINs typed for an id that is no active user (unknown or disabled), kept under a keyed
    // hash of the id (PinAuth::id_key), never the id itself: the table does not list the names
    // people guessed. Zeros when the key has no row.
    Result<SignInAttempts> sign_in_attempts(std::string_view id_key);
    Status save_sign_in_attempts(std::string_view id_key, const SignInAttempts& attempts);

    // The single settings row (store_users.cpp); defaults (all empty) until first saved.
    Result<StationSettings> station_settings();
    Status save_station_settings(const StationSettings& s);

    // Audit rows are only ever appended (triggers refuse UPDATE and DELETE).
    Status append_audit(const AuditRow& row);
    // Inside in_transaction: makes every station's appends take turns until the transaction
    // ends, so the chain has one head (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE
    // already holds the write lock).
    Status lock_audit_chain();
    Result<std::vector<AuditRow>> audit_rows();
    Result<std::optional<AuditRow>> last_audit_row();

    // Runs `fn` inside a write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ
    // COMMITTED) ... COMMIT; a failure rolls back. Nested calls (an action
    // and its audit entry) become a savepoint of the outer transaction, so they commit together.
    Status in_transaction(const std::function<Status()>& fn);

  private:
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace intake::record
