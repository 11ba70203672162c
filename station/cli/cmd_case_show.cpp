// `intake case show CASE_ID [--on DATE] [--json]`: one case as the practice sees it — the patient,
// the lab and its case number, whether a refinement may go out today, and every package built,
// queued, uploaded or failed for it.
#include <iostream>
#include <memory>
#include <string>

#include "station/cli/cli_support.h"
#include "station/record/case_file.h"
#include "station/record/case_registry.h"
#include "station/record/lifecycle.h"
#include "station/record/rule_pack.h"
#include "station/record/store.h"

namespace intake::cli {
namespace {

using namespace intake::record;
using nlohmann::json;

struct ShowOptions {
    std::string case_id;
    std::string on;
    bool json = false;
};

json event_json(const SubmissionEvent& e) {
    json detail = e.detail.empty() ? json(nullptr) : json(e.detail);
    if (e.event == "uploaded" && !e.detail.empty()) {
        detail = json::parse(e.detail, nullptr, false);  // the lab's receipt
        if (detail.is_discarded()) detail = e.detail;
    }
    return {{"at", e.at},
            {"event", e.event},
            {"package_id", e.package_id},
            {"package_path", e.package_path},
            {"lab_case_id", e.lab_case_id},
            {"actor", e.actor},
            {"detail", detail}};
}

struct Shown {
    CaseRecord record;
    std::optional<Patient> patient;
    CaseFile file;
    CaseStatus status;
    std::vector<SubmissionEvent> history;
};

Result<Shown> load_shown(Store& store, const std::string& case_id, CivilDate on) {
    Shown s;
    auto record = require_case(store, case_id);
    if (!record) return fail(record.error());
    s.record = *record;
    if (record->patient_id != 0) {
        auto patient = store.find_patient(record->patient_id);
        if (!patient) return fail(patient.error());
        s.patient = *patient;
    }
    auto file = parse_case_json(record->case_json, "case " + case_id);
    if (!file) return fail(file.error());
    s.file = *file;
    auto pack = load_rule_pack(file->rules, default_rules_dir());
    if (!pack) return fail(Errc::bad_input, "case " + case_id + ": " + pack.error().message);
    s.status = evaluate_case(*file, on, pack->lifecycle);
    auto history = store.submission_history(case_id);
    if (!history) return fail(history.error());
    s.history = *history;
    return s;
}

void print_shown_text(const Shown& s, CivilDate on) {
    std::cout << "case " << s.record.case_id << " at " << s.record.lab << " as "
              << s.record.lab_case_id << " (rules " << s.record.rules << ")\n";
    if (s.patient) {
        std::cout << "  patient " << s.patient->id << ": " << s.patient->name << ", born "
                  << s.patient->date_of_birth << ", chart " << s.patient->chart_id << "\n";
    }
    std::cout << "  on " << on.to_string() << ": " << (s.status.open ? "open" : "closed");
    if (s.status.close_date) {
        std::cout << ", close date " << s.status.close_date->to_string() << " ("
                  << close_reason_name(s.status.close_reason) << ")";
    }
    std::cout << "; refinement may be submitted: "
              << (s.status.can_submit_refinement ? "yes" : "no") << "\n";
    for (const auto& w : s.status.warnings) std::cout << "  warning: " << w << "\n";
    std::cout << "  submissions:" << (s.history.empty() ? " none" : "") << "\n";
    for (const auto& e : s.history) {
        std::cout << "    " << e.at << "  " << e.event << "  "
                  << (e.package_id.empty() ? "-" : e.package_id.substr(0, 12)) << "  "
                  << e.package_path << (e.event == "failed" ? "  (" + e.detail + ")" : "") << "\n";
    }
}

void run_case_show(CliContext& ctx, const ShowOptions& o) {
    CivilDate on = CivilDate::today();
    if (!o.on.empty()) {
        auto parsed = CivilDate::parse(o.on, "--on");
        if (!parsed) return (void)report_error(ctx, parsed.error());
        on = *parsed;
    }
    auto store = Store::open(Store::default_path(ctx.home()));
    if (!store) return (void)report_error(ctx, store.error());
    auto shown = load_shown(*store, o.case_id, on);
    if (!shown) return (void)report_error(ctx, shown.error());
    if (!o.json) return print_shown_text(*shown, on);
    json patient = nullptr;
    if (shown->patient) {
        patient = {{"id", shown->patient->id},
                   {"name", shown->patient->name},
                   {"born", shown->patient->date_of_birth},
                   {"chart_id", shown->patient->chart_id}};
    }
    json history = json::array();
    for (const auto& e : shown->history) history.push_back(event_json(e));
    print_json({{"case_id", shown->record.case_id},
                {"lab", shown->record.lab},
                {"lab_case_id", shown->record.lab_case_id},
                {"rules", shown->record.rules},
                {"patient", patient},
                {"case", json::parse(shown->record.case_json, nullptr, false)},
                {"status", to_json(shown->status, shown->file, on)},
                {"history", history}});
}

}  // namespace

void add_case_show_command(CLI::App& cmd, CliContext& ctx) {
    auto o = std::make_shared<ShowOptions>();
    CLI::App* show = cmd.add_subcommand(
        "show", "A case: its patient, lifecycle status today and submission history");
    show->add_option("CASE_ID", o->case_id, "Case id")->required();
    show->add_option("--on", o->on, "Status as of this day, YYYY-MM-DD (default today)");
    show->add_flag("--json", o->json, "Print JSON");
    show->callback([&ctx, o] { run_case_show(ctx, *o); });
}

}  // namespace intake::cli
