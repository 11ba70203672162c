// `intake patient add|edit` and `intake case add|edit|list|show|import`: the practice's patients
// and cases in <home>/station.db. Parsing and printing only; the checks live in station/record
// (case_registry, case_import). Unknown ids are bad input: exit 3.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "station/cli/cli_support.h"
#include "station/record/case_file.h"
#include "station/record/case_import.h"
#include "station/record/case_registry.h"
#include "station/record/lifecycle.h"
#include "station/record/rule_pack.h"
#include "station/record/store.h"

namespace intake::cli {
namespace {

using namespace intake::record;
using nlohmann::json;

Result<Store> open_case_store(CliContext& ctx) { return open_station_store(ctx); }

// A parse error of a date typed on the command line names the option.
bool parse_option_date(CliContext& ctx, const std::string& text, const char* option,
                       std::optional<CivilDate>& out) {
    if (text.empty()) return true;
    auto d = CivilDate::parse(text, option);
    if (!d) {
        report_error(ctx, d.error());
        return false;
    }
    out = *d;
    return true;
}

struct PatientOptions {
    std::string name, born, chart;
    bool json = false;
};

void run_patient_add(CliContext& ctx, const PatientOptions& o) {
    auto store = open_case_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    auto id = add_patient(*store, {o.name, o.born, o.chart});
    if (!id) return (void)report_error(ctx, id.error());
    if (o.json) {
        print_json({{"id", *id}, {"chart_id", o.chart}});
    } else {
        std::cout << *id << "\n";
    }
}

struct PatientEditOptions {
    int64_t id = 0;
    std::optional<std::string> name, born, chart;
    bool json = false;
};

void run_patient_edit(CliContext& ctx, const PatientEditOptions& o) {
    auto store = open_case_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    auto patient = edit_patient(*store, o.id, {o.name, o.born, o.chart});
    if (!patient) return (void)report_error(ctx, patient.error());
    if (o.json) {
        print_json({{"id", patient->id},
                    {"name", patient->name},
                    {"born", patient->date_of_birth},
                    {"chart_id", patient->chart_id}});
    } else {
        std::cout << patient->id << "  " << patient->name << "  " << patient->date_of_birth << "  "
                  << patient->chart_id << "\n";
    }
}

void add_patient_edit(CLI::App& cmd, CliContext& ctx) {
    auto o = std::make_shared<PatientEditOptions>();
    CLI::App* edit = cmd.add_subcommand(
        "edit", "Correct a patient's name, date of birth or chart id (their cases follow)");
    edit->add_option("ID", o->id, "Patient id")->required();
    edit->add_option("--name", o->name, "Full name");
    edit->add_option("--born", o->born, "Date of birth, YYYY-MM-DD");
    edit->add_option("--chart", o->chart, "The practice's chart id (unique)");
    edit->add_flag("--json", o->json, "Print JSON");
    edit->callback([&ctx, o] { run_patient_edit(ctx, *o); });
}

void add_patient_commands(CLI::App& root, CliContext& ctx) {
    CLI::App* cmd = root.add_subcommand("patient", "The practice's patients in <home>/station.db");
    cmd->require_subcommand(1);
    auto o = std::make_shared<PatientOptions>();
    CLI::App* add = cmd->add_subcommand("add", "Add a patient; prints the new patient id");
    add->add_option("--name", o->name, "Full name, e.g. \"Jane Doe\" or \"Doe, Jane\"")->required();
    add->add_option("--born", o->born, "Date of birth, YYYY-MM-DD")->required();
    add->add_option("--chart", o->chart, "The practice's chart id (unique)")->required();
    add->add_flag("--json", o->json, "Print JSON");
    add->callback([&ctx, o] { run_patient_add(ctx, *o); });
    add_patient_edit(*cmd, ctx);
}

struct AddOptions {
    std::string file;
    int64_t patient = 0;
    bool json = false;
};

void run_case_add(CliContext& ctx, const AddOptions& o) {
    auto file = load_case_file(o.file);
    if (!file) return (void)report_error(ctx, file.error());
    auto store = open_case_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    auto id = add_case(*store, *file, o.patient, default_rules_dir());
    if (!id) {
        return (void)report_error(ctx, Error{id.error().code, o.file + ": " + id.error().message});
    }
    if (o.json) {
        print_json({{"case_id", *id},
                    {"patient_id", o.patient},
                    {"lab", file->lab.value_or("")},
                    {"lab_case_id", file->lab_case_id.value_or("")}});
    } else {
        std::cout << *id << "\n";
    }
}

struct EditOptions {
    std::string case_id;
    std::vector<std::string> phases;
    std::string retainer, reopened;
    bool json = false;
};

void run_case_edit(CliContext& ctx, const EditOptions& o) {
    CaseEdit edit;
    for (const auto& text : o.phases) {
        auto p = parse_phase_edit(text);
        if (!p) return (void)report_error(ctx, p.error());
        edit.phases.push_back(*p);
    }
    if (!parse_option_date(ctx, o.retainer, "--retainer-requested", edit.retainer_requested_on) ||
        !parse_option_date(ctx, o.reopened, "--reopened", edit.reopened_on)) {
        return;
    }
    if (edit.empty()) {
        return (void)report_usage(ctx,
                                  "nothing to change: give --set-phase, "
                                  "--retainer-requested or --reopened");
    }
    auto store = open_case_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    auto edited = edit_case(*store, o.case_id, edit);
    if (!edited) return (void)report_error(ctx, edited.error());
    if (o.json) {
        print_json(json::parse(case_to_json_text(*edited)));
    } else {
        std::cout << "case " << edited->case_id << " updated\n";
    }
}

void add_case_change_commands(CLI::App& cmd, CliContext& ctx) {
    auto a = std::make_shared<AddOptions>();
    CLI::App* add = cmd.add_subcommand("add", "Add a case for a patient (docs/case-format.md)");
    add->add_option("CASE", a->file, "Case file with lab and lab_case_id")->required();
    add->add_option("--patient", a->patient, "Patient id (from `intake patient add`)")->required();
    add->add_flag("--json", a->json, "Print JSON");
    add->callback([&ctx, a] { run_case_add(ctx, *a); });

    auto e = std::make_shared<EditOptions>();
    CLI::App* edit = cmd.add_subcommand("edit", "Change a case's phases, retainer or re-opening");
    edit->add_option("CASE_ID", e->case_id, "Case id")->required();
    edit->add_option("--set-phase", e->phases,
                     "N:key=value,... (status, kind, steps, ship_on, shipped_on, arrived_on); "
                     "repeatable; a new N adds a phase");
    edit->add_option("--retainer-requested", e->retainer, "Date of the retainer request");
    edit->add_option("--reopened", e->reopened, "Date the case was re-opened (phases bought)");
    edit->add_flag("--json", e->json, "Print the case as JSON");
    edit->callback([&ctx, e] { run_case_edit(ctx, *e); });
}

struct ListOptions {
    std::string search;
    int limit = 50;
    bool json = false;
};

void run_case_list(CliContext& ctx, const ListOptions& o) {
    auto store = open_case_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    auto list = store->list_cases({o.search, o.limit});
    if (!list) return (void)report_error(ctx, list.error());
    if (!o.json) {
        for (const auto& c : list->cases) {
            std::cout << c.record.case_id << "  " << c.record.lab_case_id << "  " << c.patient_name
                      << " (" << c.patient_chart_id << ")\n";
        }
        if (list->cases.empty()) std::cout << "no cases\n";
        return;
    }
    json cases = json::array();
    for (const auto& c : list->cases) {
        cases.push_back({{"case_id", c.record.case_id},
                         {"lab", c.record.lab},
                         {"lab_case_id", c.record.lab_case_id},
                         {"rules", c.record.rules},
                         {"patient_id", c.record.patient_id},
                         {"patient_name", c.patient_name},
                         {"chart_id", c.patient_chart_id}});
    }
    print_json({{"cases", cases}, {"total", list->total}});
}

}  // namespace

// Defined in cmd_case_show.cpp.
void add_case_show_command(CLI::App& cmd, CliContext& ctx);

void add_case_registry_commands(CLI::App& root, CliContext& ctx) {
    add_patient_commands(root, ctx);
    CLI::App* cmd = root.get_subcommand("case");
    add_case_change_commands(*cmd, ctx);
    auto l = std::make_shared<ListOptions>();
    CLI::App* list = cmd->add_subcommand("list", "The cases in the store, newest first");
    list->add_option("--search", l->search,
                     "Part of a case id, lab case id, patient name or chart id");
    list->add_option("--limit", l->limit, "At most this many (1-500)")->check(CLI::Range(1, 500));
    list->add_flag("--json", l->json, "Print JSON");
    list->callback([&ctx, l] { run_case_list(ctx, *l); });
    add_case_show_command(*cmd, ctx);
    auto file = std::make_shared<std::string>();
    auto as_json = std::make_shared<bool>(false);
    CLI::App* import = cmd->add_subcommand(
        "import", "Add patients and cases from a practice-management CSV (all or nothing)");
    import->add_option("FILE", *file, "CSV file (docs/case-format.md, CSV import)")->required();
    import->add_flag("--json", *as_json, "Print JSON");
    import->callback([&ctx, file, as_json] {
        auto store = open_case_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    auto summary = import_cases_csv_file(*store, *file, default_rules_dir());
    if (!summary) return (void)report_error(ctx, summary.error());
    const json j = {{"rows", summary->rows},
                    {"patients_added", summary->patients_added},
                    {"patients_reused", summary->patients_reused},
                    {"cases_added", summary->cases_added}};
    if (*as_json) return print_json(j);
    std::cout << "imported " << summary->cases_added << " case(s), " << summary->patients_added
              << " new patient(s)\n";
});
}  // namespace intake::cli

}  // namespace intake::cli
