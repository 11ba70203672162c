// Inside the store only: the connection behind Store and the small helpers its .cpp files share
// to run queries through Database (database.h). Every Store query is written once, against that
// seam, in SQL both engines accept (`?` placeholders, RETURNING instead of last-insert-rowid or
// changes(), COALESCE, LIKE with an explicit ESCAPE), so all of Store runs on SQLite and on
// PostgreSQL alike.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/record/database.h"
#include "station/record/store.h"

namespace intake::record {

struct Store::Impl {
    std::unique_ptr<Database> database;  // both engines
    std::filesystem::path path;          // the SQLite file; empty on PostgreSQL
    int64_t reconnects_seen = 0;         // database->reconnects() at the last workflow_changes()
};

namespace sql {

// "<label>: <what>: <engine message>", keeping the engine's Errc (a constraint is conflict).
inline Failure db_failure(const Database& db, std::string_view what, const Error& e) {
    return fail(e.code, db.label() + ": " + std::string(what) + ": " + e.message);
}

// db.prepare with the failure already named for the caller.
inline Result<std::unique_ptr<Statement>> prepare(Database& db, std::string_view sql,
                                                  std::string_view what) {
    auto s = db.prepare(sql);
    if (!s) return db_failure(db, what, s.error());
    return std::move(*s);
}

// Runs a statement that yields no rows (or whose rows are not wanted).
inline Status run(Database& db, Statement& s, std::string_view what) {
    for (;;) {
        auto row = s.step();
        if (!row) return db_failure(db, what, row.error());
        if (!*row) return ok();
    }
}

// The first column of the single row a statement yields (`INSERT ... RETURNING id`, `UPDATE ...
// RETURNING id`, `SELECT count(*)`); nullopt when it yields none. The statement is stepped to
// its end afterwards: SQLite completes a RETURNING write only then.
inline Result<std::optional<int64_t>> single_integer(Database& db, Statement& s,
                                                     std::string_view what) {
    auto row = s.step();
    if (!row) return db_failure(db, what, row.error());
    if (!*row) return std::optional<int64_t>{};
    const int64_t value = s.integer(0);
    INTAKE_TRY(run(db, s, what));
    return std::optional<int64_t>(value);
}

// Every row the statement yields, each read by `read(s)`, in the query's order.
template <typename Row, typename Read>
Result<std::vector<Row>> all_rows(Database& db, Statement& s, std::string_view what, Read read) {
    std::vector<Row> out;
    for (;;) {
        auto row = s.step();
        if (!row) return db_failure(db, what, row.error());
        if (!*row) return out;
        out.push_back(read(s));
    }
}

// The row the statement yields, read by `read(s)`; nullopt when none.
template <typename Row, typename Read>
Result<std::optional<Row>> optional_row(Database& db, Statement& s, std::string_view what,
                                        Read read) {
    auto row = s.step();
    if (!row) return db_failure(db, what, row.error());
    if (!*row) return std::optional<Row>{};
    return std::optional<Row>(read(s));
}

// The columns of a CaseRecord, in its order, from `cases` (a case without a patient reads 0).
inline constexpr const char* kCaseColumns =
    "id, COALESCE(patient_id, 0), case_id, lab, lab_case_id, rules, rules_version, case_json";

inline CaseRecord case_row(const Statement& s) {
    return {s.integer(0), s.integer(1), s.text(2), s.text(3),
            s.text(4),    s.text(5),    s.text(6), s.text(7)};
}

}  // namespace sql
}  // namespace intake::record
