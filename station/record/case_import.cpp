#include "station/record/case_import.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "station/record/case_file.h"
#include "station/record/case_registry.h"

namespace intake::record {
namespace {

struct CsvCursor {
    std::string_view text;
    size_t pos = 0;
    int line = 1;
    bool at_end() const { return pos >= text.size(); }
};

// One field; leaves the cursor on the separator (',' or line end) that follows it.
Result<std::string> csv_field(CsvCursor& c, std::string_view source) {
    std::string out;
    if (c.at_end() || c.text[c.pos] != '"') {
        while (!c.at_end() && c.text[c.pos] != ',' && c.text[c.pos] != '\n' &&
               c.text[c.pos] != '\r') {
            out += c.text[c.pos++];
        }
        return out;
    }
    const int opened_on = c.line;
    ++c.pos;
    while (true) {
        if (c.at_end()) {
            return fail(Errc::bad_input, std::string(source) + ":" + std::to_string(opened_on) +
                                             ": a quoted field is never closed");
        }
        const char ch = c.text[c.pos++];
        if (ch == '"') {
            if (!c.at_end() && c.text[c.pos] == '"') {
                out += '"';
                ++c.pos;
                continue;
            }
            return out;
        }
        if (ch == '\n') ++c.line;
        out += ch;
    }
}

}  // namespace

Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view source) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    CsvCursor c{text};
    std::vector<CsvRecord> records;
    while (!c.at_end()) {
        CsvRecord record{c.line, {}};
        while (true) {
            auto field = csv_field(c, source);
            if (!field) return fail(field.error());
            record.fields.push_back(std::move(field.value()));
            if (c.at_end()) break;
            const char sep = c.text[c.pos++];
            if (sep == ',') continue;
            if (sep == '\r' && !c.at_end() && c.text[c.pos] == '\n') ++c.pos;
            if (sep != ',' && sep != '\r' && sep != '\n') {
                return fail(Errc::bad_input, std::string(source) + ":" + std::to_string(c.line) +
                                                 ": text after a closing quote");
            }
            ++c.line;
            break;
        }
        const bool blank = record.fields.size() == 1 && record.fields[0].empty();
        if (!blank) records.push_back(std::move(record));
    }
    return records;
}

namespace {

using Columns = std::map<std::string, size_t>;

Result<Columns> read_header(const CsvRecord& header, const std::string& source) {
    Columns columns;
    for (size_t i = 0; i < header.fields.size(); ++i) {
        const std::string& name = header.fields[i];
        const auto known = [&](const auto& list) {
            return std::find(std::begin(list), std::end(list), name) != std::end(list);
        };
        if (!known(kImportRequiredColumns) && !known(kImportOptionalColumns)) {
            return fail(Errc::bad_input, source + ":" + std::to_string(header.line) +
                                             ": unknown column '" + name +
                                             "' (see docs/case-format.md, CSV import)");
        }
        if (!columns.emplace(name, i).second) {
            return fail(Errc::bad_input, source + ":" + std::to_string(header.line) + ": column '" +
                                             name + "' appears twice");
        }
    }
    for (const char* required : kImportRequiredColumns) {
        if (!columns.count(required)) {
            return fail(Errc::bad_input, source + ":" + std::to_string(header.line) +
                                             ": the header has no '" + required + "' column");
        }
    }
    return columns;
}

struct RowContext {
    Store& store;
    const Columns& columns;
    const std::filesystem::path& rules_dir;
    CivilDate today;
    ImportSummary& summary;
};

std::string cell(const CsvRecord& row, const Columns& columns, const char* name) {
    auto it = columns.find(name);
    return it == columns.end() ? std::string() : row.fields[it->second];
}

Result<CaseFile> case_of_row(const CsvRecord& row, const Columns& cols, const std::string& where) {
    nlohmann::json j = {{"case_id", cell(row, cols, "case_id")},
                        {"rules", cell(row, cols, "rules")},
                        {"lab", cell(row, cols, "lab")},
                        {"lab_case_id", cell(row, cols, "lab_case_id")},
                        {"submitted_on", cell(row, cols, "submitted_on")}};
    if (const std::string type = cell(row, cols, "type"); !type.empty()) j["type"] = type;
    if (const std::string wear = cell(row, cols, "wear_days_per_step"); !wear.empty()) {
        if (wear.size() > 2 || wear.find_first_not_of("0123456789") != std::string::npos) {
            return fail(Errc::bad_input,
                        where + ": wear_days_per_step: '" + wear + "' is not a number");
        }
        j["wear_days_per_step"] = std::stoi(wear);
    }
    return parse_case_json(j.dump(), where);
}

// The row's patient: an existing chart id is the same person only with the same name and date
// of birth; anything else is a conflict a person must resolve, never a guess.
Result<int64_t> patient_of_row(const CsvRecord& row, RowContext& ctx) {
    NewPatient p{cell(row, ctx.columns, "name"), cell(row, ctx.columns, "born"),
                 cell(row, ctx.columns, "chart_id")};
    auto existing = ctx.store.find_patient_by_chart(p.chart_id);
    if (!existing) return fail(existing.error());
    if (!*existing) {
        auto id = insert_patient(ctx.store, p, ctx.today);
        if (id) ++ctx.summary.patients_added;
        return id;
    }
    const Patient& known = **existing;
    const auto first = p.name.find_first_not_of(' ');
    const std::string name = first == std::string::npos
                                 ? ""
                                 : p.name.substr(first, p.name.find_last_not_of(' ') - first + 1);
    if (known.name != name || known.date_of_birth != p.born) {
        return fail(Errc::bad_input, "chart_id: " + p.chart_id + " is already patient " +
                                         std::to_string(known.id) +
                                         " with another name or date of birth");
    }
    ++ctx.summary.patients_reused;
    return known.id;
}

Status import_row(const CsvRecord& row, RowContext& ctx, const std::string& where) {
    if (row.fields.size() != ctx.columns.size()) {
        return fail(Errc::bad_input, where + ": " + std::to_string(row.fields.size()) +
                                         " fields, the header has " +
                                         std::to_string(ctx.columns.size()));
    }
    auto file = case_of_row(row, ctx.columns, where);
    if (!file) return fail(file.error());
    auto patient = patient_of_row(row, ctx);
    if (!patient) return fail(Errc::bad_input, where + ": " + patient.error().message);
    if (auto st = insert_case(ctx.store, *file, *patient, ctx.rules_dir); !st) {
        return fail(Errc::bad_input, where + ": " + st.error().message);
    }
    ++ctx.summary.cases_added;
    return ok();
}

}  // namespace

Result<ImportSummary> import_cases_csv(Store& store, std::string_view text,
                                       std::string_view source_view,
                                       const std::filesystem::path& rules_dir, CivilDate today) {
    const std::string source(source_view);
    auto records = parse_csv(text, source);
    if (!records) return fail(records.error());
    if (records->empty()) return fail(Errc::bad_input, source + ": no header row");
    auto columns = read_header(records->front(), source);
    if (!columns) return fail(columns.error());
    ImportSummary summary;
    std::vector<std::string> problems;
    Status st = store.in_transaction([&]() -> Status {
        RowContext ctx{store, *columns, rules_dir, today, summary};
        for (size_t i = 1; i < records->size(); ++i) {
            const CsvRecord& row = (*records)[i];
            ++summary.rows;
            const std::string where = source + ":" + std::to_string(row.line);
            if (auto row_st = import_row(row, ctx, where); !row_st) {
                if (row_st.error().code != Errc::bad_input) return row_st;
                problems.push_back(row_st.error().message);
            }
        }
        if (problems.empty()) return ok();
        std::string message = std::to_string(problems.size()) + " bad row(s), nothing imported:";
        for (const auto& p : problems) message += "\n  " + p;
        return fail(Errc::bad_input, message);
    });
    if (!st) return fail(st.error());
    if (summary.rows == 0) return fail(Errc::bad_input, source + ": no rows after the header");
    return summary;
}

Result<ImportSummary> import_cases_csv_file(Store& store, const std::filesystem::path& path,
                                            const std::filesystem::path& rules_dir,
                                            CivilDate today) {
    auto text = read_file_text(path.string(), kMaxImportBytes);
    if (!text) return fail(text.error());
    return import_cases_csv(store, *text, path.string(), rules_dir, today);
}

}  // namespace intake::record
