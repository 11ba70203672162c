// Versioned schema migrations, the same runner for both engines: each migration runs once, in
// the order of its number, inside one transaction that also records the number (SQLite: PRAGMA
// user_version; PostgreSQL: a schema_migrations row). A database whose schema is newer than the
// build is refused before anything is written. Inside the store only.
#pragma once

#include <span>

#include "base/result.h"
#include "station/record/database.h"

namespace intake::record {

struct Migration {
    int version;
    const char* sql;
};

// Numbers ascend and the last one is `newest`.
constexpr bool migrations_ascend(std::span<const Migration> migrations, int newest) {
    int last = 0;
    for (const Migration& m : migrations) {
        if (m.version <= last) return false;
        last = m.version;
    }
    return last == newest;
}

// Applies the pending migrations. Stations starting together against one PostgreSQL take
// turns (WriteLock::schema): each migration is applied exactly once.
Status migrate(Database& db, std::span<const Migration> migrations, int newest);

// The PostgreSQL schema (pg_schema.cpp) and its newest version.
std::span<const Migration> pg_migrations();
inline constexpr int kPgSchemaVersion = 6;

}  // namespace intake::record
