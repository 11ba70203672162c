// One connection to the engine behind a Store: SQLite (the embedded default, one chair) or
// PostgreSQL (one practice, many chairs). The record code that runs on both engines
// speaks to this seam only: statements with `?` placeholders, transactions, a lock that
// serialises one kind of write across every station, and the schema version. Neither SQLite
// nor libpq appears here; both stay in their own implementation files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intake::record {

enum class Engine { sqlite, postgresql };

// A prepared statement. Placeholders are `?`, numbered from 1 in bind(); columns from 0.
class Statement {
  public:
    virtual ~Statement() = default;
    virtual Statement& bind(int index, std::string_view text) = 0;
    virtual Statement& bind(int index, int64_t value) = 0;
    // true: a row is ready for text()/integer(); false: no more rows.
    virtual Result<bool> step() = 0;
    virtual std::string text(int column) const = 0;
    virtual int64_t integer(int column) const = 0;
};

// Writes that every station serialises on, whatever the engine (a chain has one head).
enum class WriteLock : int64_t { schema = 17000, audit_chain = 17001 };

class Database {
  public:
    virtual ~Database() = default;

    virtual Engine engine() const = 0;
    // For messages: the file, or the server and database name. Never a password.
    virtual const std::string& label() const = 0;

    // One or more statements without parameters (migrations, pragmas).
    virtual Status exec(std::string_view sql, std::string_view what) = 0;
    virtual Result<std::unique_ptr<Statement>> prepare(std::string_view sql) = 0;

    // A write transaction: SQLite takes the write lock at BEGIN (IMMEDIATE); PostgreSQL runs
    // READ COMMITTED, so writers that must not interleave also take lock().
    virtual Status begin() = 0;
    virtual Status commit() = 0;
    virtual Status rollback() = 0;
    virtual bool in_transaction() const = 0;
    // Held until the transaction ends. SQLite: nothing to do (one writer at a time already).
    virtual Status lock(WriteLock which) = 0;

    // The highest migration applied (0 for a new database) and, inside the migration's
    // transaction, recording a new one.
    virtual Result<int> schema_version() = 0;
    virtual Status set_schema_version(int version) = 0;

    // Changes pushed by the engine to this connection (PostgreSQL LISTEN/NOTIFY): subscribe to a
    // channel, then take the payloads that have arrived, without waiting for more. SQLite has no
    // such push (unsupported; its stations poll).
    virtual Status listen(std::string_view channel) {
        return fail(Errc::unsupported, label() + ": no notifications on " + std::string(channel));
    }
    virtual Result<std::vector<std::string>> notifications() { return std::vector<std::string>{}; }
    // How often a dropped connection to the server was re-established (SQLite: never). What was
    // announced while it was down is lost: a listener re-reads what it watches.
    virtual int64_t reconnects() const { return 0; }
};

// `postgresql://` or `postgres://` (a libpq connection URI) versus an SQLite file path.
bool is_postgresql_url(std::string_view location);

// What to show of a connection URI: scheme, host and database, without user or password.
std::string redact_url(std::string_view url);

}  // namespace intake::record
