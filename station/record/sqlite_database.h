// The SQLite engine behind Database (database.h): the embedded default, one station.db per
// chair. Inside the store only: every Store query goes through Database (store_sql.h).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "station/record/database.h"

namespace intake::record {

class SqliteDatabase final : public Database {
  public:
    // Takes ownership of an open handle; `label` names it in messages ("station.db").
    SqliteDatabase(sqlite3* handle, std::string label);
    ~SqliteDatabase() override;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    Engine engine() const override { return Engine::sqlite; }
    const std::string& label() const override { return label_; }
    Status exec(std::string_view sql, std::string_view what) override;
    Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override;
    Status begin() override;
    Status commit() override;
    Status rollback() override;
    bool in_transaction() const override;
    Status lock(WriteLock which) override;
    Result<int> schema_version() override;
    Status set_schema_version(int version) override;

  private:
    sqlite3* db_;
    std::string label_;
};

// The Errc an SQLite result code stands for.
Errc sqlite_errc(int rc);

}  // namespace intake::record
