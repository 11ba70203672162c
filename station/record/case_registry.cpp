#include "station/record/case_registry.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "station/record/rule_pack.h"

namespace intake::record {
namespace {

using nlohmann::json;

bool has_control_character(std::string_view value) {
    for (unsigned char c : value) {
        if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
}

Failure bad(std::string_view field, const std::string& problem) {
    return fail(Errc::bad_input, std::string(field) + ": " + problem);
}

std::string quoted(std::string_view value) { return "'" + std::string(value) + "'"; }

}  // namespace

Status check_identifier(std::string_view value, std::string_view field) {
    if (value.empty()) return bad(field, "must not be empty");
    if (value.size() > kMaxIdentifierLength) {
        return bad(field, "is longer than " + std::to_string(kMaxIdentifierLength) + " bytes");
    }
    // Ids become file names (packages, exports) and URL parts: nothing that walks a path.
    if (has_control_character(value)) return bad(field, "contains a control character");
    if (value.find('/') != std::string_view::npos || value.find('\\') != std::string_view::npos) {
        return bad(field, quoted(value) + " contains a path separator");
    }
    if (value.find("..") != std::string_view::npos)
        return bad(field, quoted(value) + " contains '..'");
    if (value.front() == '.' || value.front() == '-') {
        return bad(field, quoted(value) + " starts with '" + value.front() + "'");
    }
    if (value.front() == ' ' || value.back() == ' ') {
        return bad(field, quoted(value) + " starts or ends with a space");
    }
    return ok();
}

Status check_person_name(std::string_view value, std::string_view field) {
    const auto first = value.find_first_not_of(' ');
    if (first == std::string_view::npos) return bad(field, "must not be empty");
    if (value.size() > kMaxNameLength) {
        return bad(field, "is longer than " + std::to_string(kMaxNameLength) + " bytes");
    }
    if (has_control_character(value)) return bad(field, "contains a control character");
    if (value.find('/') != std::string_view::npos || value.find('\\') != std::string_view::npos) {
        return bad(field, "contains '/' or '\\'");
    }
    return ok();
}

namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(' ') - first + 1));
}

Result<int64_t> practice_for_new_patient(Store& store) {
    auto practices = store.practices();
    if (!practices) return fail(practices.error());
    if (!practices->empty()) return practices->front().id;
    return store.add_practice({0, "Practice", ""});
}

// A new or edited patient: a printable name, a real birth day, a chart id no other patient has.
Status check_patient_fields(Store& store, const Patient& p, CivilDate today) {
    INTAKE_TRY(check_person_name(p.name, "name"));
    INTAKE_TRY(check_identifier(p.chart_id, "chart"));
    auto born = CivilDate::parse(p.date_of_birth, "born");
    if (!born) return fail(born.error());
    if (*born > today) return bad("born", p.date_of_birth + " is in the future");
    if (born->year() < 1900) return bad("born", p.date_of_birth + " is before 1900");
    auto holder = store.find_patient_by_chart(p.chart_id);
    if (!holder) return fail(holder.error());
    if (*holder && (*holder)->id != p.id) {
        return bad("chart", "chart id " + p.chart_id + " is already patient " +
                                std::to_string((*holder)->id));
    }
    return ok();
}

}  // namespace

Result<int64_t> insert_patient(Store& store, const NewPatient& in, CivilDate today) {
    INTAKE_TRY(check_person_name(in.name, "name"));
    Patient patient{0, 0, trimmed(in.name), in.born, in.chart_id};
    INTAKE_TRY(check_patient_fields(store, patient, today));
    auto practice = practice_for_new_patient(store);
    if (!practice) return fail(practice.error());
    patient.practice_id = *practice;
    return store.add_patient(patient);
}

Result<int64_t> add_patient(Store& store, const NewPatient& in, CivilDate today) {
    int64_t id = 0;
    INTAKE_TRY(store.in_transaction([&]() -> Status {
        auto added = insert_patient(store, in, today);
        if (!added) return fail(added.error());
        id = *added;
        return ok();
    }));
    return id;
}

namespace {

// The patient's case files follow a new chart id.
Status rewrite_chart_in_cases(Store& store, int64_t patient_id, const std::string& chart_id) {
    auto cases = store.cases_of_patient(patient_id);
    if (!cases) return fail(cases.error());
    for (CaseRecord record : *cases) {
        auto file = parse_case_json(record.case_json, "case " + record.case_id);
        if (!file) return fail(file.error());
        file->patient_chart_id = chart_id;
        record.case_json = case_to_json_text(*file);
        auto saved = store.save_case(record);
        if (!saved) return fail(saved.error());
    }
    return ok();
}

}  // namespace

Result<Patient> edit_patient(Store& store, int64_t patient_id, const PatientEdit& edit,
                             CivilDate today) {
    if (edit.empty()) {
        return fail(Errc::invalid_argument, "patient " + std::to_string(patient_id) +
                                                ": nothing to change (name, born or chart)");
    }
    Patient edited;
    INTAKE_TRY(store.in_transaction([&]() -> Status {
        auto before = require_patient(store, patient_id);
        if (!before) return fail(before.error());
        edited = *before;
        if (edit.name) edited.name = trimmed(*edit.name);
        if (edit.born) edited.date_of_birth = *edit.born;
        if (edit.chart_id) edited.chart_id = *edit.chart_id;
        INTAKE_TRY(check_patient_fields(store, edited, today));
        INTAKE_TRY(store.update_patient(edited));
        if (edited.chart_id != before->chart_id)
            INTAKE_TRY(rewrite_chart_in_cases(store, patient_id, edited.chart_id));
        return ok();
    }));
    return edited;
}

Result<CaseRecord> require_case(Store& store, std::string_view case_id) {
    auto found = store.find_case(case_id);
    if (!found) return fail(found.error());
    if (!*found) {
        return fail(Errc::bad_input, "case " + std::string(case_id) + " does not exist");
    }
    return **found;
}

Result<Patient> require_patient(Store& store, int64_t patient_id) {
    auto found = store.find_patient(patient_id);
    if (!found) return fail(found.error());
    if (!*found) {
        return fail(Errc::bad_input, "patient " + std::to_string(patient_id) + " does not exist");
    }
    return **found;
}

namespace {

Status check_new_case(const CaseFile& file, const std::filesystem::path& rules_dir) {
    INTAKE_TRY(check_identifier(file.case_id, "case_id"));
    if (!file.lab || file.lab->empty()) {
        return bad("lab", "is required: the lab that made the case");
    }
    INTAKE_TRY(check_person_name(*file.lab, "lab"));
    if (!file.lab_case_id) {
        return bad("lab_case_id",
                   "is required: the lab's case number a refinement is submitted under");
    }
    INTAKE_TRY(check_identifier(*file.lab_case_id, "lab_case_id"));
    auto pack = load_rule_pack(file.rules, rules_dir);
    if (!pack) return bad("rules", pack.error().message);
    return ok();
}

}  // namespace

Status insert_case(Store& store, CaseFile file, int64_t patient_id,
                   const std::filesystem::path& rules_dir) {
    INTAKE_TRY(check_new_case(file, rules_dir));
    auto patient = require_patient(store, patient_id);
    if (!patient) return fail(patient.error());
    if (file.patient_chart_id && *file.patient_chart_id != patient->chart_id) {
        return bad("patient_chart_id", *file.patient_chart_id + " is not the chart id of patient " +
                                           std::to_string(patient_id) + " (" + patient->chart_id +
                                           ")");
    }
    file.patient_chart_id = patient->chart_id;
    auto existing = store.find_case(file.case_id);
    if (!existing) return fail(existing.error());
    if (*existing) return bad("case_id", "case " + file.case_id + " already exists");
    auto saved =
        store.save_case({0, patient_id, file.case_id, *file.lab, *file.lab_case_id, file.rules,
                         file.rules_version.value_or(""), case_to_json_text(file)});
    if (!saved) return fail(saved.error());
    return ok();
}

Result<std::string> add_case(Store& store, CaseFile file, int64_t patient_id,
                             const std::filesystem::path& rules_dir) {
    INTAKE_TRY(store.in_transaction(
        [&]() -> Status { return insert_case(store, file, patient_id, rules_dir); }));
    return file.case_id;
}

Result<PhaseEdit> parse_phase_edit(std::string_view text) {
    const std::string where = "--set-phase " + std::string(text);
    const auto colon = text.find(':');
    PhaseEdit edit;
    const std::string number(text.substr(0, colon));
    if (colon == std::string_view::npos || number.empty() || number.size() > 3 ||
        number.find_first_not_of("0123456789") != std::string::npos || std::stoi(number) < 1) {
        return fail(Errc::bad_input, where + ": expected N:key=value,... with a phase number N");
    }
    edit.number = std::stoi(number);
    std::string_view rest = text.substr(colon + 1);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view pair = rest.substr(0, comma);
        const auto eq = pair.find('=');
        const std::string key(pair.substr(0, eq));
        if (eq == std::string_view::npos || eq == 0 || eq + 1 == pair.size()) {
            return fail(Errc::bad_input, where + ": '" + std::string(pair) + "' is not key=value");
        }
        static const char* kKeys[] = {"status",  "kind",       "steps",
                                      "ship_on", "shipped_on", "arrived_on"};
        if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
            return fail(Errc::bad_input,
                        where + ": unknown key '" + key +
                            "' (status, kind, steps, ship_on, shipped_on, arrived_on)");
        }
        edit.fields[key] = std::string(pair.substr(eq + 1));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    if (edit.fields.empty()) return fail(Errc::bad_input, where + ": nothing to set");
    return edit;
}

namespace {

Status apply_phase(json& phases, const PhaseEdit& edit, const std::string& where) {
    json* phase = nullptr;
    for (json& p : phases) {
        if (p["number"] == edit.number) phase = &p;
    }
    if (phase == nullptr) {
        phases.push_back({{"number", edit.number}});
        phase = &phases.back();
    }
    for (const auto& [key, value] : edit.fields) {
        if (key == "steps") {
            if (value.empty() || value.size() > 3 ||
                value.find_first_not_of("0123456789") != std::string::npos) {
                return fail(Errc::bad_input, where + ": steps: '" + value + "' is not a number");
            }
            (*phase)[key] = std::stoi(value);
        } else {
            (*phase)[key] = value;
        }
    }
    if (!phase->contains("kind") || !phase->contains("steps")) {
        return fail(Errc::bad_input, where + ": phase " + std::to_string(edit.number) +
                                         " is new to the case and needs kind and steps");
    }
    if (!phase->contains("status")) (*phase)["status"] = "scheduled";
    return ok();
}

}  // namespace

Result<CaseFile> apply_case_edit(const CaseFile& file, const CaseEdit& edit) {
    json j = json::parse(case_to_json_text(file));
    for (const PhaseEdit& p : edit.phases) {
        INTAKE_TRY(apply_phase(j["phases"], p, "--set-phase " + std::to_string(p.number)));
    }
    if (edit.retainer_requested_on) {
        j["retainer_requested_on"] = edit.retainer_requested_on->to_string();
    }
    if (edit.reopened_on) j["reopened_on"] = edit.reopened_on->to_string();
    std::sort(j["phases"].begin(), j["phases"].end(),
              [](const json& a, const json& b) { return a["number"] < b["number"]; });
    // The edited case is checked exactly like a case file read from disk.
    return parse_case_json(j.dump(), "case " + file.case_id);
}

Result<CaseFile> edit_case(Store& store, std::string_view case_id, const CaseEdit& edit) {
    CaseFile edited;
    INTAKE_TRY(store.in_transaction([&]() -> Status {
        auto record = require_case(store, case_id);
        if (!record) return fail(record.error());
        auto file = parse_case_json(record->case_json, "case " + std::string(case_id));
        if (!file) return fail(file.error());
        auto applied = apply_case_edit(*file, edit);
        if (!applied) return fail(applied.error());
        edited = *applied;
        CaseRecord updated = *record;
        updated.case_json = case_to_json_text(edited);
        auto saved = store.save_case(updated);
        if (!saved) return fail(saved.error());
        return ok();
    }));
    return edited;
}

}  // namespace intake::record
