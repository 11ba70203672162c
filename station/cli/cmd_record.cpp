// `intake case`, `intake rx`, `intake audit`, `intake handout`: the refinement record;
// `intake user` is in cmd_user.cpp.
// Thin: parse options, call station/record, print. Exit codes per docs/cli.md.
#include <iostream>
#include <memory>
#include <string>

#include "base/atomic_file.h"
#include "station/cli/cli_support.h"
#include "station/cli/staff_auth.h"
#include "station/record/audit_log.h"
#include "station/record/case_file.h"
#include "station/record/demo_data.h"
#include "station/record/handout.h"
#include "station/record/lifecycle.h"
#include "station/record/prescription.h"
#include "station/record/rule_pack.h"
#include "station/record/store.h"

namespace intake::cli {
namespace {

using namespace intake::record;

struct CaseOptions {
    std::string file;
    std::string on;
    bool json = false;
};

void print_case_text(const CaseStatus& st, const CaseFile& c, CivilDate on) {
    std::cout << "case " << c.case_id << " on " << on.to_string() << ": "
              << (st.open ? "open" : "closed") << "\n";
    if (st.close_date) {
        std::cout << "  close date: " << st.close_date->to_string() << " ("
                  << close_reason_name(st.close_reason) << ")";
        if (st.open && st.days_left) std::cout << ", " << *st.days_left << " days left";
        std::cout << "\n";
    } else if (st.close_date_projected) {
        std::cout << "  close date: not yet (projected " << st.close_date_projected->to_string()
                  << ")\n";
    }
    std::cout << "  refinement may be submitted: " << (st.can_submit_refinement ? "yes" : "no")
              << "\n";
    for (const auto& w : st.warnings) std::cout << "  warning: " << w << "\n";
}

void run_case_status(CliContext& ctx, const CaseOptions& o) {
    auto file = load_case_file(o.file);
    if (!file) return (void)report_error(ctx, file.error());
    CivilDate on = CivilDate::today();
    if (!o.on.empty()) {
        auto parsed = CivilDate::parse(o.on, "--on");
        if (!parsed) return (void)report_error(ctx, parsed.error());
        on = *parsed;
    }
    auto pack = load_rule_pack(file->rules, default_rules_dir());
    if (!pack) {
        return (void)report_error(ctx,
                                  Error{Errc::bad_input, o.file + ": " + pack.error().message});
    }
    CaseStatus st = evaluate_case(*file, on, pack->lifecycle);
    if (file->rules_version && *file->rules_version != pack->version) {
        st.warnings.push_back("the case names rules " + file->rules + " version " +
                              *file->rules_version + "; checked against version " + pack->version);
    }
    if (o.json) {
        auto j = to_json(st, *file, on);
        j["rules_version"] = pack->version;
        print_json(j);
    } else {
        print_case_text(st, *file, on);
    }
}

void add_case_commands(CLI::App& root, CliContext& ctx) {
    CLI::App* cmd =
        root.add_subcommand("case", "Case lifecycle: open or closed, close date, warnings");
    cmd->require_subcommand(1);
    auto opts = std::make_shared<CaseOptions>();
    CLI::App* status = cmd->add_subcommand("status", "Whether a refinement may go out on a day");
    status->add_option("CASE", opts->file, "Case file (docs/case-format.md)")->required();
    status->add_option("--on", opts->on, "Evaluate on this day, YYYY-MM-DD (default today)");
    status->add_flag("--json", opts->json, "Print JSON");
    status->callback([&ctx, opts] { run_case_status(ctx, *opts); });
}

struct RxOptions {
    std::string file;
    bool json = false;
};

void print_rx_text(const RxCheck& check) {
    std::cout << (check.valid ? "valid" : "NOT valid") << "\n";
    for (const auto& e : check.errors) std::cout << "  error: " << e << "\n";
    for (const auto& w : check.warnings) std::cout << "  warning: " << w << "\n";
    const auto print = [](const CheckedInstruction& ci) {
        std::cout << "  " << ci.sentence << "  [FDI";
        for (int t : ci.teeth_fdi) std::cout << " " << t;
        std::cout << "]\n";
    };
    for (const auto& ci : check.instructions) print(ci);
    if (!check.understood.empty()) std::cout << "understood from the free text:\n";
    for (const auto& ci : check.understood) print(ci);
}

void run_rx(CliContext& ctx, const RxOptions& o, bool render) {
    auto rx = load_prescription_file(o.file);
    if (!rx) return (void)report_error(ctx, rx.error());
    const RxCheck check = check_prescription(*rx);
    if (render) {
        if (!check.valid) {
            for (const auto& e : check.errors)
                std::cerr << "intake: " << o.file << ": " << e << "\n";
            ctx.exit_code = kExitCheckFailed;
            return;
        }
        std::cout << render_prescription(*rx);
        return;
    }
    if (o.json)
        print_json(to_json(check, *rx));
    else
        print_rx_text(check);
    if (!check.valid) ctx.exit_code = kExitCheckFailed;
}

void add_rx_commands(CLI::App& root, CliContext& ctx) {
    CLI::App* cmd =
        root.add_subcommand("rx", "Prescription: attachments decision and instructions");
    cmd->require_subcommand(1);
    auto check_opts = std::make_shared<RxOptions>();
    CLI::App* check = cmd->add_subcommand("check", "Check teeth, movements, amounts and free text");
    check->add_option("RX", check_opts->file, "Prescription file (docs/prescription.md)")
        ->required();
    check->add_flag("--json", check_opts->json, "Print JSON");
    check->callback([&ctx, check_opts] { run_rx(ctx, *check_opts, false); });
    auto render_opts = std::make_shared<RxOptions>();
    CLI::App* render = cmd->add_subcommand("render", "Print the lab's text");
    render->add_option("RX", render_opts->file, "Prescription file")->required();
    render->callback([&ctx, render_opts] { run_rx(ctx, *render_opts, true); });
}

Result<Store> open_store(CliContext& ctx) { return open_station_store(ctx); }

void run_audit_verify(CliContext& ctx, bool json, const std::string& anchor_text) {
    std::optional<AuditAnchor> anchor;
    if (!anchor_text.empty()) {
        auto parsed = AuditAnchor::parse(anchor_text);
        if (!parsed) return (void)report_usage(ctx, parsed.error().message);
        anchor = parsed.value();
    }
    auto store = open_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    AuditLog log(*store);
    auto v = log.verify(anchor);
    if (!v) return (void)report_error(ctx, v.error());
    if (json) {
        print_json({{"ok", v->ok},
                    {"entries", v->entries},
                    {"broken_seq",
                     v->broken_seq ? nlohmann::json(*v->broken_seq) : nlohmann::json(nullptr)},
                    {"problem", v->ok ? nlohmann::json(nullptr) : nlohmann::json(v->problem)}});
    } else if (v->ok) {
        std::cout << "audit log intact: " << v->entries << " entries\n";
    } else {
        std::cout << "audit log BROKEN at entry " << *v->broken_seq << ": " << v->problem << "\n";
    }
    if (!v->ok) {
        std::cerr << "intake: audit log broken at entry " << *v->broken_seq << ": " << v->problem
                  << "\n";
        ctx.exit_code = kExitCheckFailed;
    }
}

void run_audit_head(CliContext& ctx, bool json) {
    auto store = open_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    auto head = AuditLog(*store).head();
    if (!head) return (void)report_error(ctx, head.error());
    if (json) {
        print_json(
            {{"seq", head->seq}, {"entry_hash", head->entry_hash}, {"anchor", head->to_string()}});
    } else {
        std::cout << head->to_string() << "\n";
    }
}

void run_audit_list(CliContext& ctx) {
    auto store = open_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    auto rows = store->audit_rows();
    if (!rows) return (void)report_error(ctx, rows.error());
    nlohmann::json list = nlohmann::json::array();
    for (const AuditRow& r : *rows) {
        list.push_back({{"seq", r.seq},
                        {"at", r.at},
                        {"actor", r.actor},
                        {"role", r.role},
                        {"action", r.action},
                        {"subject", r.subject},
                        {"before_hash", r.before_hash},
                        {"after_hash", r.after_hash},
                        {"detail", r.detail},
                        {"entry_hash", r.entry_hash}});
    }
    print_json(list);
}

void add_audit_commands(CLI::App& root, CliContext& ctx) {
    CLI::App* cmd = root.add_subcommand("audit", "The hash-chained audit log in <home>/station.db");
    cmd->require_subcommand(1);
    auto json = std::make_shared<bool>(false);
    CLI::App* verify =
        cmd->add_subcommand("verify", "Check the chain; names the first broken link");
    verify->add_flag("--json", *json, "Print JSON");
    auto anchor = std::make_shared<std::string>();
    verify->add_option("--anchor", *anchor,
                       "SEQ:HASH from an earlier `audit head`: the log must still hold that entry");
    verify->callback([&ctx, json, anchor] { run_audit_verify(ctx, *json, *anchor); });
    CLI::App* head = cmd->add_subcommand(
        "head", "Print the last entry as SEQ:HASH, an anchor to keep elsewhere");
    head->add_flag("--json", *json, "Print JSON");
    head->callback([&ctx, json] { run_audit_head(ctx, *json); });
    CLI::App* list = cmd->add_subcommand("list", "Print every entry as JSON");
    list->callback([&ctx] { run_audit_list(ctx); });
}

struct HandoutOptions {
    std::string patient;
    std::string practice;
    std::string phone;
    int step = 0;
    std::string html;
};

void run_handout(CliContext& ctx, const HandoutOptions& o) {
    HandoutInfo info{o.patient,          o.practice,   o.phone,
                     CivilDate::today(), std::nullopt, std::nullopt};
    if (o.step > 0) info.next_aligner_step = o.step;
    if (!o.html.empty()) {
        if (auto st = write_file_atomic(o.html, handout_html(info)); !st) {
            return (void)report_error(ctx, st.error());
        }
    }
    std::cout << handout_text(info);
}

void run_seed_demo(CliContext& ctx) {
    auto store = open_store(ctx);
    if (!store) return (void)report_error(ctx, store.error());
    AuditLog log(*store);
    // The explicit demo seed, the only way demo users (PIN 1111 / 2222) come into a station;
    // their enrolment is not audited so the log holds one `store.seed-demo` entry per run. No
    // person signs in for it: the actor is the local account that ran it.
    auto ids = seed_demo_data(*store, CivilDate::today(), DemoSeedOptions{});
    if (!ids) return (void)report_error(ctx, ids.error());
    auto seq = log.append({local_account(), "system", "store.seed-demo", "case " + ids->case_id, "",
                           "", "demo practice, patient, case and users present"});
    if (!seq) return (void)report_error(ctx, seq.error());
    print_json({{"practice_id", ids->practice_id},
                {"patient_id", ids->patient_id},
                {"case_id", ids->case_id},
                {"users", {kDemoUsers[0].user_id, kDemoUsers[1].user_id}},
                {"case_file", demo_case_path(default_rules_dir()).string()},
                {"rx_file", demo_rx_path(default_rules_dir()).string()}});
}

void add_misc_commands(CLI::App& root, CliContext& ctx) {
    auto o = std::make_shared<HandoutOptions>();
    CLI::App* h = root.add_subcommand("handout", "Step 6: the patient's night-only wear hand-out");
    h->add_option("--patient", o->patient, "Patient name");
    h->add_option("--practice", o->practice, "Practice name");
    h->add_option("--phone", o->phone, "Practice phone");
    h->add_option("--step", o->step, "Number of the aligner worn at night")
        ->check(CLI::Range(1, 200));
    h->add_option("--html", o->html, "Also write a printable HTML page here");
    h->callback([&ctx, o] { run_handout(ctx, *o); });
    root.get_subcommand("case")
        ->add_subcommand("seed-demo",
                         "Add the demo practice, patient, open case and users to the store")
        ->callback([&ctx] { run_seed_demo(ctx); });
}

}  // namespace

void add_record_commands(CLI::App& root, CliContext& ctx) {
    add_case_commands(root, ctx);
    add_rx_commands(root, ctx);
    add_audit_commands(root, ctx);
    add_user_commands(root, ctx);
    add_misc_commands(root, ctx);
}

}  // namespace intake::cli
