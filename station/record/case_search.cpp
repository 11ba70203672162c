// The case lookup behind the kiosk's "Patients and cases" screen: one query over cases joined
// with their patients, filtered by a partial, case-insensitive needle, newest case first and
// bounded, with the total number of matches so the screen can say when it shows only some.
#include <algorithm>
#include <cctype>

#include "station/record/store.h"
#include "station/record/store_sql.h"

namespace intake::record {
namespace {

// SQLite's lower() folds ASCII only; the needle is folded the same way so both sides agree.
std::string ascii_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// instr() instead of LIKE: the needle is data, so '%' and '_' typed by a user match themselves.
constexpr const char* kMatch =
    " WHERE ?1 = '' OR instr(lower(c.case_id), ?1) > 0 OR instr(lower(c.lab_case_id), ?1) > 0"
    " OR instr(lower(IFNULL(p.name, '')), ?1) > 0 OR instr(lower(IFNULL(p.chart_id, '')), ?1) > 0"
    " OR CAST(IFNULL(p.id, '') AS TEXT) = ?1";

constexpr const char* kFrom = " FROM cases c LEFT JOIN patients p ON p.id = c.patient_id";

}  // namespace

Result<CaseList> Store::list_cases(const CaseQuery& query) {
    const std::string needle = ascii_lower(trimmed(query.text));
    const int limit = std::clamp(query.limit, 1, kMaxCaseLimit);
    CaseList out;
    {
        const std::string count_sql = std::string("SELECT count(*)") + kFrom + kMatch;
        sql::Stmt count(impl_->db, count_sql.c_str());
        if (!count.ok()) return count.error("list cases");
        if (count.bind(1, needle).step() != SQLITE_ROW) return count.error("list cases");
        out.total = count.integer(0);
    }
    const std::string select_sql =
        std::string(
            "SELECT c.id, IFNULL(c.patient_id, 0), c.case_id, c.lab, c.lab_case_id, "
            "c.rules, c.rules_version, c.case_json, IFNULL(p.name, ''), "
            "IFNULL(p.chart_id, ''), IFNULL(p.date_of_birth, ''), "
            "IFNULL(p.practice_id, 0)") +
        kFrom + kMatch + " ORDER BY c.id DESC LIMIT ?2";
    sql::Stmt s(impl_->db, select_sql.c_str());
    if (!s.ok()) return s.error("list cases");
    s.bind(1, needle).bind(2, int64_t{limit});
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
        CaseSummary row;
        row.record = CaseRecord{s.integer(0), s.integer(1), s.text(2), s.text(3),
                                s.text(4),    s.text(5),    s.text(6), s.text(7)};
        row.patient_name = s.text(8);
        row.patient_chart_id = s.text(9);
        row.date_of_birth = s.text(10);
        row.practice_id = s.integer(11);
        out.cases.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return s.error("list cases");
    return out;
}

}  // namespace intake::record
