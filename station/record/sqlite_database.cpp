#include "station/record/sqlite_database.h"

#include <utility>

namespace intake::record {

Errc sqlite_errc(int rc) {
    switch (rc & 0xff) {  // the primary code: SQLITE_CONSTRAINT_UNIQUE is a constraint
        case SQLITE_CONSTRAINT:
            return Errc::conflict;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Errc::busy;
        case SQLITE_FULL:
            return Errc::no_space;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return Errc::corrupt;
        default:
            return Errc::io;
    }
}

namespace {

class SqliteStatement final : public Statement {
  public:
    SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    ~SqliteStatement() override { sqlite3_finalize(stmt_); }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    Statement& bind(int index, std::string_view text) override {
        sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int index, int64_t value) override {
        sqlite3_bind_int64(stmt_, index, value);
        return *this;
    }
    Result<bool> step() override {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        return fail(sqlite_errc(rc), sqlite3_errmsg(db_));
    }
    std::string text(int column) const override {
        const auto* p = sqlite3_column_text(stmt_, column);
        return p != nullptr ? reinterpret_cast<const char*>(p) : "";
    }
    int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

}  // namespace

SqliteDatabase::SqliteDatabase(sqlite3* handle, std::string label)
    : db_(handle), label_(std::move(label)) {}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(db_); }

Status SqliteDatabase::exec(std::string_view sql, std::string_view what) {
    char* msg = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg);
    if (rc == SQLITE_OK) return ok();
    std::string why = msg != nullptr ? msg : sqlite3_errstr(rc);
    sqlite3_free(msg);
    return fail(sqlite_errc(rc), label_ + ": " + std::string(what) + ": " + why);
}

Result<std::unique_ptr<Statement>> SqliteDatabase::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return fail(sqlite_errc(rc), sqlite3_errmsg(db_));
    }
    return std::unique_ptr<Statement>(std::make_unique<SqliteStatement>(db_, stmt));
}

// IMMEDIATE takes the write lock at BEGIN: two stations' read-then-write cannot interleave,
// and a busy database waits (busy_timeout) instead of failing at the first write.
Status SqliteDatabase::begin() { return exec("BEGIN IMMEDIATE", "begin"); }
Status SqliteDatabase::commit() { return exec("COMMIT", "commit"); }
Status SqliteDatabase::rollback() { return exec("ROLLBACK", "rollback"); }
bool SqliteDatabase::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Status SqliteDatabase::lock(WriteLock) { return ok(); }  // BEGIN IMMEDIATE holds it already

Result<int> SqliteDatabase::schema_version() {
    auto s = prepare("PRAGMA user_version");
    if (!s) return fail(s.error());
    auto row = (*s)->step();
    if (!row || !*row) return fail(Errc::io, label_ + ": cannot read the schema version");
    return static_cast<int>((*s)->integer(0));
}

Status SqliteDatabase::set_schema_version(int version) {
    return exec("PRAGMA user_version = " + std::to_string(version), "set schema version");
}

}  // namespace intake::record
