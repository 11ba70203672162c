// Opening the outbox on either engine: the SQLite file of one chair (created 0600, WAL,
// synchronous=FULL, checked, its own numbered schema) or the practice's PostgreSQL database
// (the store's schema, whose migration 5 holds the outbox's tables), then the keys it pins.
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file_io.h"
#include "station/package/outbox.h"
#include "station/package/trust_store.h"
#include "station/record/pg_database.h"
#include "station/record/schema_migrations.h"
#include "station/record/sqlite_database.h"

namespace intake::package {

namespace fs = std::filesystem;

namespace {

// outbox.db's own schema, numbered in PRAGMA user_version (0 in files from before the
// numbering: migration 1 creates nothing there, add_missing_columns brings their jobs table up
// to date). On PostgreSQL the same tables are the store's migration 5 (pg_schema.cpp).
constexpr record::Migration kOutboxMigrations[] = {
    {1, R"sql(
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
      updated_at TEXT NOT NULL,
      create_intent TEXT NOT NULL DEFAULT '',
      claimed_by TEXT NOT NULL DEFAULT '',
      lease_until INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
    )sql"},
};
static_assert(record::migrations_ascend(kOutboxMigrations, kOutboxSchemaVersion),
              "outbox migrations ascend and end at kOutboxSchemaVersion");

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

std::string make_owner() {
    unsigned char nonce[6];
    randombytes_buf(nonce, sizeof nonce);
    char hex[sizeof nonce * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, nonce, sizeof nonce);
    return host_name() + ":" + std::to_string(::getpid()) + ":" + hex;
}

// Health data: the outbox folder and its packages folder are the owner's only (the home too,
// when it is created here).
Status make_private_folders(const fs::path& dir) {
    INTAKE_TRY(create_private_directories(dir / "packages"));
    std::error_code ec;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    fs::permissions(dir / "packages", fs::perms::owner_all, fs::perm_options::replace, ec);
    return ok();
}

}  // namespace

Outbox::Outbox(Outbox&& o) noexcept = default;
Outbox& Outbox::operator=(Outbox&& o) noexcept = default;
Outbox::~Outbox() = default;

bool Outbox::shared() const { return db_ && db_->engine() == record::Engine::postgresql; }

std::string Outbox::sql(std::string_view text) const {
    const bool pg = shared();
    std::string out;
    out.reserve(text.size() + 16);
    for (size_t i = 0; i < text.size(); ++i) {
        auto token = [&](std::string_view t) { return text.substr(i, t.size()) == t; };
        if (token("{jobs}")) {
            out += pg ? "outbox_jobs" : "jobs";
            i += 5;
        } else if (token("{meta}")) {
            out += pg ? "outbox_meta" : "meta";
            i += 5;
        } else if (token("{chunks}")) {
            out += "outbox_chunks";  // PostgreSQL only: SQLite keeps the sealed file
            i += 7;
        } else if (token("{now}")) {
            // The database's clock in Unix seconds: the practice server's on PostgreSQL, this
            // host's on SQLite (whose stations are the processes of one chair).
            out += pg ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT)"
                      : "CAST(strftime('%s','now') AS INTEGER)";
            i += 4;
        } else {
            out += text[i];
        }
    }
    return out;
}

Failure Outbox::db_error(const Error& e) const {
    return fail(e.code, db_->label() + ": " + e.message);
}

Result<Outbox> Outbox::open(const fs::path& home) { return open_sqlite(home); }

Result<Outbox> Outbox::open_location(const fs::path& home, std::string_view location) {
    if (!record::is_postgresql_url(location)) return open_sqlite(home);
    Outbox box;
    box.dir_ = home / "outbox";
    box.home_ = home;
    box.owner_ = make_owner();
    INTAKE_TRY(make_private_folders(box.dir_));  // this station's cache of sealed packages
    auto connected = record::connect_postgresql(location);
    if (!connected) return fail(connected.error());
    box.db_ = std::move(*connected);
    INTAKE_TRY(record::migrate(*box.db_, record::pg_migrations(), record::kPgSchemaVersion));
    INTAKE_TRY(box.pin_keys());
    return box;
}

Result<Outbox> Outbox::open_sqlite(const fs::path& home) {
    Outbox box;
    box.dir_ = home / "outbox";
    box.home_ = home;
    box.owner_ = make_owner();
    INTAKE_TRY(make_private_folders(box.dir_));
    fs::path db_path = box.dir_ / "outbox.db";
    // SQLite would create the database 0644; its -wal and -shm files take the database's mode.
    int fd = ::open(db_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return fail(Errc::io, db_path.string() + ": cannot open: " + std::strerror(errno));
    ::fchmod(fd, 0600);
    ::close(fd);
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(db_path.c_str(), &handle,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    box.db_ = std::make_unique<record::SqliteDatabase>(handle, db_path.string());  // closes it
    if (rc != SQLITE_OK)
        return fail(record::sqlite_errc(rc), db_path.string() + ": " + sqlite3_errstr(rc));
    sqlite3_busy_timeout(handle, 10000);
    // WAL + FULL: the last committed offset survives a power cut (NORMAL may lose it).
    auto setup = box.db_->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", "pragmas");
    if (!setup) return fail(setup.error().code, db_path.string() + ": " + setup.error().message);
    auto check = box.db_->prepare("PRAGMA quick_check");
    auto row = check ? (*check)->step() : Result<bool>(fail(check.error()));
    std::string verdict = row ? (*row ? (*check)->text(0) : "no answer") : row.error().message;
    if (verdict != "ok") {
        return fail(Errc::corrupt,
                    db_path.string() + ": the outbox database is damaged (" + verdict + ")");
    }
    INTAKE_TRY(box.prepare_sqlite_schema());
    INTAKE_TRY(box.pin_keys());
    return box;
}

// Numbered migrations (a newer file is refused), then the columns files from before the
// numbering may lack.
Status Outbox::prepare_sqlite_schema() {
    INTAKE_TRY(record::migrate(*db_, kOutboxMigrations, kOutboxSchemaVersion));
    return add_missing_columns();
}

// Databases written before a column existed get it on open (empty for their jobs).
Status Outbox::add_missing_columns() {
    const std::pair<const char*, const char*> columns[] = {
        {"create_intent", "TEXT NOT NULL DEFAULT ''"},
        {"claimed_by", "TEXT NOT NULL DEFAULT ''"},
        {"lease_until", "INTEGER NOT NULL DEFAULT 0"}};
    for (const auto& [name, type] : columns) {
        auto has = has_column(name);
        if (!has) return fail(has.error());
        if (*has) continue;
        Status added =
            db_->exec(std::string("ALTER TABLE jobs ADD COLUMN ") + name + " " + type, "migrate");
        if (added) continue;
        has = has_column(name);  // another connection may have added it first
        if (!has || !*has) return added;
    }
    return ok();
}

Result<bool> Outbox::has_column(const char* name) {
    auto s = db_->prepare("SELECT 1 FROM pragma_table_info('jobs') WHERE name=?");
    if (!s) return db_error(s.error());
    auto row = (*s)->bind(1, std::string_view(name)).step();
    if (!row) return db_error(row.error());
    return *row;
}

Result<std::string> Outbox::meta(const std::string& name) {
    auto s = db_->prepare(sql("SELECT value FROM {meta} WHERE name=?"));
    if (!s) return db_error(s.error());
    auto row = (*s)->bind(1, name).step();
    if (!row) return db_error(row.error());
    return *row ? (*s)->text(0) : std::string();
}

// The first value stays (two stations pinning at once: one wins, and the other is held to it).
Status Outbox::set_meta(const std::string& name, const std::string& value) {
    INTAKE_TRY(
        run("INSERT INTO {meta}(name, value) VALUES(?, ?) ON CONFLICT DO NOTHING", {name, value}));
    return ok();
}

// The outbox remembers which keys it was made with. A missing or replaced key is an error
// here, before any job is touched: a silently new seal key would make every queued package
// unreadable, a new station key would sign what the lab cannot tie to this station. The shared
// outbox pins the seal key only (the practice's, the same on every station); each station signs
// with its own station key.
Status Outbox::pin_keys() {
    INTAKE_TRY(pin_seal_key());
    if (shared()) return ok();
    return pin_station_key();
}

Status Outbox::pin_seal_key() {
    auto seal_id = meta("seal_key_id");
    if (!seal_id) return fail(seal_id.error());
    fs::path seal_file = home_ / "keys" / "outbox.key";
    if (seal_id->empty()) {
        auto key = load_or_create_seal_key(home_);
        if (!key) return fail(key.error());
        INTAKE_TRY(set_meta("seal_key_id", seal_key_id(*key)));
        seal_id = meta("seal_key_id");  // another station may have pinned its key first
        if (!seal_id) return fail(seal_id.error());
    }
    auto key = load_seal_key(home_);
    if (!key) return fail(key.error());
    if (!*key) {
        return fail(Errc::not_found, seal_file.string() +
                                         " is missing; the outbox was sealed with key " + *seal_id +
                                         " (restore it from the backup; a new key cannot open the "
                                         "queued packages)");
    }
    if (seal_key_id(**key) != *seal_id) {
        return fail(Errc::corrupt, seal_file.string() + ": key " + seal_key_id(**key) +
                                       " is not the key " + *seal_id +
                                       " this outbox was sealed with");
    }
    key_ = **key;
    return ok();
}

Status Outbox::pin_station_key() {
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

}  // namespace intake::package
