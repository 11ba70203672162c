// `intake case import FILE.csv`: many patients and cases at once from a practice-management
// export (docs/case-format.md, "CSV import"). All or nothing: every row is checked, every bad
// row is reported by its line number, and the rows are stored in one transaction only when
// none is bad, so a failed import leaves the store as it was.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/record/civil_date.h"
#include "station/record/store.h"

namespace intake::record {

// Columns, by header name in any order. Required: chart_id, name, born, case_id, rules, lab,
// lab_case_id, submitted_on. Optional: type, wear_days_per_step. Unknown columns are refused.
inline constexpr const char* kImportRequiredColumns[] = {
    "chart_id", "name", "born", "case_id", "rules", "lab", "lab_case_id", "submitted_on"};
inline constexpr const char* kImportOptionalColumns[] = {"type", "wear_days_per_step"};
inline constexpr size_t kMaxImportBytes = size_t{16} << 20;

struct ImportSummary {
    int rows = 0;
    int patients_added = 0;
    int patients_reused = 0;  // a chart id already in the store (or earlier in the file)
    int cases_added = 0;
};

// RFC 4180 records: fields split on commas, "quoted" fields may hold commas, quotes ("") and
// line breaks; CRLF or LF; a UTF-8 byte-order mark is skipped. Each record remembers the line
// it starts on. A quote left open is bad_input naming its line.
struct CsvRecord {
    int line = 0;
    std::vector<std::string> fields;
};
Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view source);

// Checks and stores the rows of `text`; the error lists every bad row as "SOURCE:LINE: ...".
Result<ImportSummary> import_cases_csv(Store& store, std::string_view text, std::string_view source,
                                       const std::filesystem::path& rules_dir,
                                       CivilDate today = CivilDate::today());
Result<ImportSummary> import_cases_csv_file(Store& store, const std::filesystem::path& path,
                                            const std::filesystem::path& rules_dir,
                                            CivilDate today = CivilDate::today());

}  // namespace intake::record
