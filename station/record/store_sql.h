// Inside the store only: the connection behind Store and a small SQLite prepared-statement
// wrapper, shared by the .cpp files that implement Store's queries. Queries written against
// Database (database.h) run on both engines (the audit log, workflows); the ones still on
// sql::Stmt run on SQLite only and answer Errc::unsupported on PostgreSQL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"
#include "station/record/database.h"
#include "station/record/store.h"

namespace intake::record {

struct Store::Impl {
    std::unique_ptr<Database> database;  // both engines
    sqlite3* db = nullptr;               // SQLite's handle, owned by `database`; null on PostgreSQL
    std::filesystem::path path;          // the SQLite file; empty on PostgreSQL
};

namespace sql {

// "<label>: <what>: <engine message>", keeping the engine's Errc.
inline Failure db_failure(const Database& db, std::string_view what, const Error& e) {
    return fail(e.code, db.label() + ": " + std::string(what) + ": " + e.message);
}

inline Failure not_on_postgresql(std::string_view what) {
    return fail(Errc::unsupported, std::string(what) +
                                       ": not yet available on PostgreSQL (only the "
                                       "audit log and workflows run there so far)");
}

class Stmt {
  public:
    // A null handle (a PostgreSQL store) prepares nothing; error() then says so.
    Stmt(sqlite3* db, const char* sql) : db_(db) {
        rc_ = db != nullptr ? sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) : SQLITE_MISUSE;
    }
    ~Stmt() { sqlite3_finalize(stmt_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    bool ok() const { return rc_ == SQLITE_OK; }
    Stmt& bind(int i, std::string_view s) {
        sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(int i, int64_t v) {
        sqlite3_bind_int64(stmt_, i, v);
        return *this;
    }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return rc_ = sqlite3_step(stmt_); }
    std::string text(int col) const {
        const auto* p = sqlite3_column_text(stmt_, col);
        return p != nullptr ? reinterpret_cast<const char*>(p) : "";
    }
    int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    Failure error(std::string_view what) const {
        if (db_ == nullptr) return not_on_postgresql(what);
        const Errc code = rc_ == SQLITE_CONSTRAINT                        ? Errc::conflict
                          : rc_ == SQLITE_BUSY                            ? Errc::busy
                          : rc_ == SQLITE_FULL                            ? Errc::no_space
                          : rc_ == SQLITE_CORRUPT || rc_ == SQLITE_NOTADB ? Errc::corrupt
                                                                          : Errc::io;
        return fail(code, "station.db: " + std::string(what) + ": " + sqlite3_errmsg(db_));
    }

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    int rc_ = SQLITE_OK;
};

inline Status exec(sqlite3* db, const char* sql, std::string_view what) {
    if (db == nullptr) return not_on_postgresql(what);
    char* msg = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        std::string text = msg != nullptr ? msg : "unknown error";
        sqlite3_free(msg);
        return fail(Errc::io, "station.db: " + std::string(what) + ": " + text);
    }
    return ok();
}

}  // namespace sql
}  // namespace intake::record
