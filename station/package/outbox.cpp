#include "station/package/outbox.h"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <memory>

#include "base/file_io.h"
#include "base/safe_name.h"
#include "base/sha256.h"
#include "station/package/manifest.h"
#include "station/package/package_reader.h"
#include "station/package/sealed_file.h"
#include "station/package/trust_store.h"

namespace intake::package {

namespace fs = std::filesystem;

std::string_view job_state_name(JobState state) {
    switch (state) {
        case JobState::queued:
            return "queued";
        case JobState::uploading:
            return "uploading";
        case JobState::uploaded:
            return "uploaded";
        case JobState::failed:
            return "failed";
    }
    return "queued";
}

namespace {

JobState parse_state(std::string_view s) {
    if (s == "uploading") return JobState::uploading;
    if (s == "uploaded") return JobState::uploaded;
    if (s == "failed") return JobState::failed;
    return JobState::queued;
}

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

std::string make_owner() {
    unsigned char nonce[6];
    randombytes_buf(nonce, sizeof nonce);
    std::string hex;
    static const char* digits = "0123456789abcdef";
    for (unsigned char b : nonce) {
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    return host_name() + ":" + std::to_string(::getpid()) + ":" + hex;
}

// True when `owner` names a process of this host that is gone (a killed uploader).
bool owner_is_dead_here(const std::string& owner) {
    auto first = owner.find(':');
    auto second = owner.find(':', first == std::string::npos ? 0 : first + 1);
    if (first == std::string::npos || second == std::string::npos) return false;
    if (owner.substr(0, first) != host_name()) return false;
    pid_t pid = 0;
    try {
        pid = static_cast<pid_t>(std::stol(owner.substr(first + 1, second - first - 1)));
    } catch (const std::exception&) {
        return false;
    }
    if (pid <= 0) return false;
    return ::kill(pid, 0) != 0 && errno == ESRCH;
}

std::string now_utc() {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    return rfc3339_utc(secs);
}

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS jobs(
  id INTEGER PRIMARY KEY,
  package_id TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('queued','uploading','uploaded','failed')),
  upload_url TEXT NOT NULL DEFAULT '',
  upload_offset INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  receipt TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);
)sql";

constexpr const char* kMetaSchema =
    "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)";

constexpr const char* kColumns =
    "id, package_id, file_name, size, sha256, state, upload_url, upload_offset, attempts, "
    "last_error, "
    "receipt, created_at, updated_at, create_intent, claimed_by, lease_until";

using Stmt = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

std::string text_col(sqlite3_stmt* s, int i) {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
}

OutboxJob job_from_row(sqlite3_stmt* s) {
    OutboxJob j;
    j.id = sqlite3_column_int64(s, 0);
    j.package_id = text_col(s, 1);
    j.file_name = text_col(s, 2);
    j.size = static_cast<uint64_t>(sqlite3_column_int64(s, 3));
    j.sha256 = text_col(s, 4);
    j.state = parse_state(text_col(s, 5));
    j.upload_url = text_col(s, 6);
    j.offset = static_cast<uint64_t>(sqlite3_column_int64(s, 7));
    j.attempts = sqlite3_column_int(s, 8);
    j.last_error = text_col(s, 9);
    j.receipt = text_col(s, 10);
    j.created_at = text_col(s, 11);
    j.updated_at = text_col(s, 12);
    j.create_intent = text_col(s, 13);
    j.claimed_by = text_col(s, 14);
    j.lease_until = sqlite3_column_int64(s, 15);
    return j;
}

Errc errc_for_sqlite(int rc) {
    switch (rc & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return Errc::corrupt;
        case SQLITE_FULL:
            return Errc::no_space;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Errc::busy;
        case SQLITE_CANTOPEN:
            return Errc::not_found;
        case SQLITE_READONLY:
        case SQLITE_PERM:
            return Errc::access_denied;
        default:
            return Errc::io;
    }
}

}  // namespace

nlohmann::json to_json(const OutboxJob& job) {
    nlohmann::json j = {{"id", job.id},
                        {"package_id", job.package_id},
                        {"file_name", job.file_name},
                        {"size", job.size},
                        {"sha256", job.sha256},
                        {"state", job_state_name(job.state)},
                        {"upload_url", job.upload_url},
                        {"offset", job.offset},
                        {"attempts", job.attempts},
                        {"last_error", job.last_error},
                        {"created_at", job.created_at},
                        {"updated_at", job.updated_at},
                        {"create_intent", job.create_intent},
                        {"claimed_by", job.claimed_by},
                        {"lease_until", job.lease_until}};
    j["receipt"] = job.receipt.empty() ? nlohmann::json(nullptr)
                                       : nlohmann::json::parse(job.receipt, nullptr, false);
    return j;
}

Result<Outbox> Outbox::open(const fs::path& home) {
    Outbox box;
    box.dir_ = home / "outbox";
    // Sealed or not, what is in here is patient data: the owner only (the home too, when it
    // is created here).
    INTAKE_TRY(create_private_directories(box.dir_ / "packages"));
    std::error_code ec;
    fs::permissions(box.dir_, fs::perms::owner_all, fs::perm_options::replace, ec);
    fs::permissions(box.dir_ / "packages", fs::perms::owner_all, fs::perm_options::replace, ec);
    box.home_ = home;
    box.owner_ = make_owner();
    fs::path db_path = box.dir_ / "outbox.db";
    // SQLite would create the database 0644; its -wal and -shm files take the database's mode.
    int fd = ::open(db_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return fail(Errc::io, db_path.string() + ": cannot open: " + std::strerror(errno));
    ::fchmod(fd, 0600);
    ::close(fd);
    int rc = sqlite3_open_v2(db_path.c_str(), &box.db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), db_path.string() + ": " + sqlite3_errstr(rc));
    sqlite3_busy_timeout(box.db_, 10000);
    // WAL + FULL: the last committed offset survives a power cut (NORMAL may lose it).
    auto setup = box.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    if (!setup) return fail(setup.error().code, db_path.string() + ": " + setup.error().message);
    Stmt check(nullptr, sqlite3_finalize);
    sqlite3_stmt* raw = nullptr;
    rc = sqlite3_prepare_v2(box.db_, "PRAGMA quick_check", -1, &raw, nullptr);
    check.reset(raw);
    if (rc != SQLITE_OK || sqlite3_step(raw) != SQLITE_ROW || text_col(raw, 0) != "ok") {
        return fail(Errc::corrupt,
                    db_path.string() + ": the outbox database is damaged (" +
                        (rc == SQLITE_OK ? text_col(raw, 0) : sqlite3_errmsg(box.db_)) + ")");
    }
    check.reset();
    INTAKE_TRY(box.exec(kSchema));
    INTAKE_TRY(box.migrate());
    INTAKE_TRY(box.pin_keys());
    return box;
}

Outbox::Outbox(Outbox&& o) noexcept { *this = std::move(o); }

Outbox& Outbox::operator=(Outbox&& o) noexcept {
    if (this != &o) {
        if (db_) sqlite3_close(db_);
        db_ = std::exchange(o.db_, nullptr);
        dir_ = std::move(o.dir_);
        key_ = o.key_;
        owner_ = std::move(o.owner_);
        home_ = std::move(o.home_);
    }
    return *this;
}

Outbox::~Outbox() {
    if (db_) sqlite3_close(db_);
}

Status Outbox::exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        return fail(errc_for_sqlite(rc), (dir_ / "outbox.db").string() + ": " + msg);
    }
    return ok();
}

fs::path Outbox::sealed_path(const OutboxJob& job) const {
    return dir_ / "packages" / (job.package_id + ".sealed");
}

Result<std::vector<OutboxJob>> Outbox::jobs() {
    sqlite3_stmt* raw = nullptr;
    std::string sql = std::string("SELECT ") + kColumns + " FROM jobs ORDER BY id";
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    std::vector<OutboxJob> out;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) out.push_back(job_from_row(raw));
    if (rc != SQLITE_DONE)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    return out;
}

Result<OutboxJob> Outbox::job(int64_t id) {
    auto all = jobs();
    if (!all) return fail(all.error());
    for (auto& j : *all) {
        if (j.id == id) return j;
    }
    return fail(Errc::not_found, "outbox job " + std::to_string(id) + " does not exist");
}

Result<std::optional<OutboxJob>> Outbox::next_pending() {
    auto all = jobs();
    if (!all) return fail(all.error());
    for (auto& j : *all) {
        if (j.state == JobState::queued || j.state == JobState::uploading) return std::optional(j);
    }
    return std::optional<OutboxJob>();
}

Status Outbox::update(const std::string& sql, int64_t id, const std::string* text,
                      const int64_t* number) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    int i = 1;
    std::string now = now_utc();
    sqlite3_bind_text(raw, i++, now.c_str(), -1, SQLITE_TRANSIENT);
    if (text) sqlite3_bind_text(raw, i++, text->c_str(), -1, SQLITE_TRANSIENT);
    if (number) sqlite3_bind_int64(raw, i++, *number);
    sqlite3_bind_int64(raw, i, id);
    rc = sqlite3_step(raw);
    if (rc != SQLITE_DONE)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    return ok();
}

Status Outbox::set_upload(int64_t id, const std::string& url, uint64_t offset) {
    auto off = static_cast<int64_t>(offset);
    return update(
        "UPDATE jobs SET updated_at=?, upload_url=?, upload_offset=?, state='uploading' WHERE id=?",
        id, &url, &off);
}

Status Outbox::set_create_intent(int64_t id, const std::string& token) {
    return update("UPDATE jobs SET updated_at=?, create_intent=? WHERE id=?", id, &token, nullptr);
}

// Databases written before a column existed get it on open (empty for their jobs).
Status Outbox::migrate() {
    const std::pair<const char*, const char*> columns[] = {
        {"create_intent", "TEXT NOT NULL DEFAULT ''"},
        {"claimed_by", "TEXT NOT NULL DEFAULT ''"},
        {"lease_until", "INTEGER NOT NULL DEFAULT 0"}};
    for (const auto& [name, type] : columns) {
        auto has = has_column(name);
        if (!has) return fail(has.error());
        if (*has) continue;
        Status added = exec(std::string("ALTER TABLE jobs ADD COLUMN ") + name + " " + type);
        if (added) continue;
        has = has_column(name);  // another connection may have added it first
        if (!has || !*has) return added;
    }
    return ok();
}

Result<bool> Outbox::has_column(const char* name) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, "SELECT 1 FROM pragma_table_info('jobs') WHERE name=?", -1,
                                &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    sqlite3_bind_text(raw, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(raw);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    return rc == SQLITE_ROW;
}

Result<std::string> Outbox::meta(const std::string& name) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE name=?", -1, &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    sqlite3_bind_text(raw, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(raw);
    if (rc == SQLITE_ROW) return text_col(raw, 0);
    if (rc == SQLITE_DONE) return std::string();
    return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
}

Status Outbox::set_meta(const std::string& name, const std::string& value) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO meta(name, value) VALUES(?, ?)", -1,
                                &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    sqlite3_bind_text(raw, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(raw, 2, value.c_str(), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(raw);
    if (rc != SQLITE_DONE)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    return ok();
}

// The outbox remembers which keys it was made with. A missing or replaced key is an error
// here, before any job is touched: a silently new seal key would make every queued package
// unreadable, a new station key would sign what the lab cannot tie to this station.
Status Outbox::pin_keys() {
    INTAKE_TRY(exec(kMetaSchema));
    auto seal_id = meta("seal_key_id");
    if (!seal_id) return fail(seal_id.error());
    fs::path seal_file = home_ / "keys" / "outbox.key";
    if (seal_id->empty()) {
        auto key = load_or_create_seal_key(home_);
        if (!key) return fail(key.error());
        key_ = *key;
        INTAKE_TRY(set_meta("seal_key_id", seal_key_id(key_)));
    } else {
        auto key = load_seal_key(home_);
        if (!key) return fail(key.error());
        if (!*key) {
            return fail(Errc::not_found,
                        seal_file.string() + " is missing; the outbox was sealed with key " +
                            *seal_id +
                            " (restore it from the backup; a new key cannot open the "
                            "queued packages)");
        }
        if (seal_key_id(**key) != *seal_id) {
            return fail(Errc::corrupt, seal_file.string() + ": key " + seal_key_id(**key) +
                                           " is not the key " + *seal_id +
                                           " this outbox was sealed with");
        }
        key_ = **key;
    }
    auto station = load_station_key(home_);
    if (!station) return fail(station.error());
    auto pinned = meta("station_key");
    if (!pinned) return fail(pinned.error());
    fs::path station_file = home_ / "keys" / "station.ed25519";
    if (!pinned->empty() && !*station) {
        return fail(Errc::not_found, station_file.string() +
                                         " is missing; this outbox belongs to "
                                         "station key " +
                                         *pinned + " (restore it; a new key is never made here)");
    }
    if (!*station) return ok();
    std::string fingerprint = key_fingerprint((*station)->public_hex());
    if (pinned->empty()) return set_meta("station_key", fingerprint);
    if (fingerprint != *pinned) {
        return fail(Errc::corrupt, station_file.string() + ": key " + fingerprint +
                                       " is not the station key " + *pinned +
                                       " this outbox was made with");
    }
    return ok();
}

// A committed offset also renews our lease: an uploader that makes progress keeps its job.
Status Outbox::set_offset(int64_t id, uint64_t offset) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(
        db_,
        "UPDATE jobs SET updated_at=?1, upload_offset=?2, "
        "lease_until=CASE WHEN claimed_by=?3 THEN ?4 ELSE lease_until END WHERE id=?5",
        -1, &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    std::string now = now_utc();
    sqlite3_bind_text(raw, 1, now.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(raw, 2, static_cast<int64_t>(offset));
    sqlite3_bind_text(raw, 3, owner_.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(raw, 4, unix_now() + kLeaseSeconds);
    sqlite3_bind_int64(raw, 5, id);
    rc = sqlite3_step(raw);
    if (rc != SQLITE_DONE)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    return ok();
}

Result<bool> Outbox::claim(int64_t id) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(
        db_,
        "UPDATE jobs SET claimed_by=?1, lease_until=?2 WHERE id=?3 AND "
        "state IN ('queued','uploading') AND (claimed_by='' OR claimed_by=?1 OR lease_until<?4)",
        -1, &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    int64_t now = unix_now();
    sqlite3_bind_text(raw, 1, owner_.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(raw, 2, now + kLeaseSeconds);
    sqlite3_bind_int64(raw, 3, id);
    sqlite3_bind_int64(raw, 4, now);
    rc = sqlite3_step(raw);
    if (rc != SQLITE_DONE)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    if (sqlite3_changes(db_) == 1) return true;
    return take_over_if_dead(id);
}

// The holder was killed (kill -9, power cut of the kiosk process): its lease is taken over at
// once instead of after kLeaseSeconds. Compare-and-set on the dead owner's name, so two
// survivors racing for it cannot both win.
Result<bool> Outbox::take_over_if_dead(int64_t id) {
    auto current = job(id);
    if (!current) return fail(current.error());
    if (current->claimed_by.empty() || !owner_is_dead_here(current->claimed_by)) return false;
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_,
                                "UPDATE jobs SET claimed_by=?1, lease_until=?2 WHERE id=?3 AND "
                                "claimed_by=?4 AND state IN ('queued','uploading')",
                                -1, &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    sqlite3_bind_text(raw, 1, owner_.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(raw, 2, unix_now() + kLeaseSeconds);
    sqlite3_bind_int64(raw, 3, id);
    sqlite3_bind_text(raw, 4, current->claimed_by.c_str(), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(raw);
    if (rc != SQLITE_DONE)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    return sqlite3_changes(db_) == 1;
}

Status Outbox::release(int64_t id) {
    return update(
        "UPDATE jobs SET updated_at=?, claimed_by='', lease_until=0 "
        "WHERE claimed_by=? AND id=?",
        id, &owner_, nullptr);
}

Result<OutboxJob> Outbox::retry(int64_t id) {
    auto current = job(id);
    if (!current) return fail(current.error());
    if (current->state != JobState::failed) {
        return fail(Errc::conflict, "outbox job " + std::to_string(id) + " is " +
                                        std::string(job_state_name(current->state)) +
                                        "; only a failed job can be retried");
    }
    const std::string cleared;
    INTAKE_TRY(
        update("UPDATE jobs SET updated_at=?, last_error=?, attempts=0, "
               "state=CASE WHEN upload_url='' THEN 'queued' ELSE 'uploading' END "
               "WHERE id=? AND state='failed'",
               id, &cleared, nullptr));
    return job(id);
}

Status Outbox::note_attempt(int64_t id, const std::string& error) {
    return update("UPDATE jobs SET updated_at=?, last_error=?, attempts=attempts+1 WHERE id=?", id,
                  &error, nullptr);
}

Status Outbox::mark_uploaded(int64_t id, const std::string& receipt_json) {
    return update(
        "UPDATE jobs SET updated_at=?, receipt=?, state='uploaded', last_error='' WHERE id=?", id,
        &receipt_json, nullptr);
}

Status Outbox::mark_failed(int64_t id, const std::string& reason) {
    return update("UPDATE jobs SET updated_at=?, last_error=?, state='failed' WHERE id=?", id,
                  &reason, nullptr);
}

Result<OutboxJob> Outbox::add(const fs::path& package_zip) {
    // Read once: the bytes verified are the bytes sealed, whatever happens to the file later.
    auto bytes = read_file_bytes(package_zip, size_t{4} << 30);
    if (!bytes) return fail(bytes.error());
    auto trust = load_trusted_keys(home_);
    if (!trust) return fail(trust.error());
    auto digest = digest_package_bytes(*bytes, package_zip.string());
    VerifyReport report;
    if (digest) {
        report = verify_digest(*digest, &trust.value());
    } else if (digest.error().code == Errc::corrupt) {
        report.problems.push_back(digest.error().message);
    } else {
        return fail(digest.error());
    }
    if (!report.ok) {
        return fail(Errc::corrupt,
                    package_zip.string() + ": does not verify: " + report.problems.front());
    }
    auto all = jobs();
    if (!all) return fail(all.error());
    for (auto& j : *all) {
        if (j.package_id == report.package_id) return j;  // already queued: once only
    }
    // The id names the sealed file: never a path, whatever a manifest says.
    INTAKE_TRY(check_path_component(report.package_id, package_zip.string() + ": package id"));
    OutboxJob job;
    job.package_id = report.package_id;
    job.file_name = package_zip.filename().string();
    job.size = bytes->size();
    job.sha256 = sha256_hex(*bytes);
    INTAKE_TRY(seal_bytes(*bytes, key_, sealed_path(job), job.package_id));
    sqlite3_stmt* raw = nullptr;
    const char* sql =
        "INSERT INTO jobs(package_id, file_name, size, sha256, state, created_at, updated_at) "
        "VALUES(?,?,?,?,'queued',?,?)";
    int rc = sqlite3_prepare_v2(db_, sql, -1, &raw, nullptr);
    Stmt s(raw, sqlite3_finalize);
    if (rc != SQLITE_OK)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    std::string now = now_utc();
    sqlite3_bind_text(raw, 1, job.package_id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(raw, 2, job.file_name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(raw, 3, static_cast<int64_t>(job.size));
    sqlite3_bind_text(raw, 4, job.sha256.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(raw, 5, now.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(raw, 6, now.c_str(), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(raw);
    if (rc != SQLITE_DONE)
        return fail(errc_for_sqlite(rc), std::string("outbox.db: ") + sqlite3_errmsg(db_));
    return this->job(sqlite3_last_insert_rowid(db_));
}

}  // namespace intake::package
