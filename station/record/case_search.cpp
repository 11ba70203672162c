// The case lookup behind the kiosk's "Patients and cases" screen: one query over cases joined
// with their patients, filtered by a partial, case-insensitive needle, newest case first and
// bounded, with the total number of matches so the screen can say when it shows only some.
// Written against Database: the same SQL on SQLite and PostgreSQL.
#include <algorithm>

#include "station/record/store.h"
#include "station/record/store_sql.h"

namespace intake::record {
namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// The needle as a LIKE pattern for "contains": '%', '_' and the escape character a user typed
// are escaped so they match themselves (the needle is data, not a pattern).
std::string contains_pattern(std::string_view needle) {
    std::string out = "%";
    for (const char c : needle) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

// LOWER() on both sides: PostgreSQL's LIKE is case-sensitive (SQLite's is not for ASCII), so
// folding both makes the engines agree. Parameters: the trimmed needle (empty matches every
// case), the pattern five times, then the needle again for the numeric patient id.
constexpr const char* kMatch =
    " WHERE ? = '' OR LOWER(c.case_id) LIKE LOWER(?) ESCAPE '\\'"
    " OR LOWER(c.lab_case_id) LIKE LOWER(?) ESCAPE '\\'"
    " OR LOWER(COALESCE(p.name, '')) LIKE LOWER(?) ESCAPE '\\'"
    " OR LOWER(COALESCE(p.chart_id, '')) LIKE LOWER(?) ESCAPE '\\'"
    " OR COALESCE(CAST(p.id AS TEXT), '') = ?";
constexpr int kMatchParams = 6;

void bind_match(Statement& s, const std::string& needle) {
    const std::string pattern = contains_pattern(needle);
    s.bind(1, needle);
    for (int i = 2; i <= 5; ++i) s.bind(i, pattern);
    s.bind(6, needle);
}

constexpr const char* kFrom = " FROM cases c LEFT JOIN patients p ON p.id = c.patient_id";

CaseSummary summary_row(const Statement& s) {
    CaseSummary row;
    row.record = sql::case_row(s);
    row.patient_name = s.text(8);
    row.patient_chart_id = s.text(9);
    row.date_of_birth = s.text(10);
    row.practice_id = s.integer(11);
    return row;
}

}  // namespace

Result<CaseList> Store::list_cases(const CaseQuery& query) {
    Database& db = *impl_->database;
    const std::string needle = trimmed(query.text);
    const int limit = std::clamp(query.limit, 1, kMaxCaseLimit);
    CaseList out;
    {
        auto count =
            sql::prepare(db, std::string("SELECT COUNT(*)") + kFrom + kMatch, "list cases");
        if (!count) return fail(count.error());
        bind_match(**count, needle);
        auto total = sql::single_integer(db, **count, "list cases");
        if (!total) return fail(total.error());
        out.total = total->value_or(0);
    }
    auto s = sql::prepare(db,
                          std::string("SELECT c.id, COALESCE(c.patient_id, 0), c.case_id, c.lab, "
                                      "c.lab_case_id, c.rules, c.rules_version, c.case_json, "
                                      "COALESCE(p.name, ''), COALESCE(p.chart_id, ''), "
                                      "COALESCE(p.date_of_birth, ''), COALESCE(p.practice_id, 0)") +
                              kFrom + kMatch + " ORDER BY c.id DESC LIMIT ?",
                          "list cases");
    if (!s) return fail(s.error());
    bind_match(**s, needle);
    (*s)->bind(kMatchParams + 1, int64_t{limit});
    auto rows = sql::all_rows<CaseSummary>(db, **s, "list cases", summary_row);
    if (!rows) return fail(rows.error());
    out.cases = std::move(*rows);
    return out;
}

}  // namespace intake::record
