// `intake package build|verify|export-dicom`, `intake outbox add|run|status` and `intake demo`
//. Parsing and printing only; the work is in station/package.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>

#include "base/data_dir.h"
#include "base/station_config.h"
#include "station/appointment/demo.h"
#include "station/appointment/submission_history.h"
#include "station/cli/cli_support.h"
#include "station/cli/outbox_purge.h"
#include "station/cli/staff_auth.h"
#include "station/package/dicom_export.h"
#include "station/package/lab_token.h"
#include "station/package/outbox.h"
#include "station/package/package_reader.h"
#include "station/package/submission.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"
#include "station/record/case_file.h"
#include "station/record/database.h"

namespace intake::cli {

namespace {

namespace pkg = intake::package;
namespace fs = std::filesystem;

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }

// The outbox of the store's database: the practice's shared one when that is PostgreSQL
// (--database or station.conf's `database`), else <home>/outbox/outbox.db.
Result<pkg::Outbox> open_outbox(const CliContext& ctx) {
    auto location = ctx.database();
    if (!location) return fail(location.error());
    return pkg::Outbox::open_location(ctx.home(), *location);
}

// The submission history never undoes a package already written: a failure is a warning.
void warn_unrecorded(const Status& recorded) {
    if (!recorded)
        std::cerr << "intake: warning: submission history not recorded: "
                  << recorded.error().message << "\n";
}

// The same store for questions only (who a package is for): nullopt when it cannot be opened
// or is an SQLite file that does not exist yet (asking creates nothing).
std::optional<record::Store> open_existing_station_store(const CliContext& ctx) {
    auto location = ctx.database();
    if (!location) return std::nullopt;
    std::error_code ec;
    if (!record::is_postgresql_url(*location) && !fs::exists(*location, ec)) return std::nullopt;
    auto store = record::Store::open_location(*location);
    if (!store) return std::nullopt;
    return std::move(*store);
}

// Records into the station's store (--database, else station.conf's `database`, else
// <home>/station.db), the one the other commands use.
Status record_history(const CliContext& ctx,
                      const std::function<Status(record::Store&)>& record_note) {
    auto store = open_station_store(ctx);
    if (!store) return fail(store.error());
    return record_note(*store);
}

// "upper=FILE" -> {"upper", FILE}
bool split_pairs(const std::vector<std::string>& items,
                 std::vector<std::pair<std::string, fs::path>>& out, std::string& bad) {
    for (const auto& item : items) {
        auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
            bad = item;
            return false;
        }
        out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    return true;
}

std::string created_at_now() {
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        return pkg::rfc3339_utc(std::atoll(epoch));  // reproducible builds of the same inputs
    }
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    return pkg::rfc3339_utc(secs);
}

struct BuildArgs {
    std::string case_json, rx_json, override_reason, out, created_at, by;
    std::vector<std::string> scans, photos;
};

// The station's store and audit log, open while an override is being recorded.
struct OverrideAuthority {
    std::optional<record::Store> store;
    std::optional<record::AuditLog> audit;
};

bool authorise_override(CliContext& ctx, const std::string& by, OverrideAuthority& held,
                        pkg::SubmissionInput& in) {
    if (by.empty()) {
        report_usage(ctx, "--override-reason needs --by ID (a clinician; PIN on stdin)");
        return false;
    }
    auto pin = read_stdin_line();
    if (!pin || pin->empty()) {
        report_usage(ctx, "stdin: expected the PIN of " + by);
        return false;
    }
    auto opened = open_station_store(ctx);
    if (!opened) {
        report_error(ctx, opened.error());
        return false;
    }
    held.store.emplace(std::move(*opened));
    held.audit.emplace(*held.store);
    auto actor = sign_in_by(*held.store, *held.audit, pin_options(ctx, *held.store), by, *pin);
    if (!actor) {
        report_error(ctx, Error{actor.error().code, "--by " + by + ": " + actor.error().message});
        return false;
    }
    in.override_by = *actor;
    in.audit = &*held.audit;
    return true;
}

void run_build(CliContext& ctx, const BuildArgs& a) {
    pkg::SubmissionInput in{
        a.case_json, a.rx_json,         {},
        {},          a.override_reason, a.created_at.empty() ? created_at_now() : a.created_at};
    if (auto file = record::load_case_file(a.case_json); file) {
        auto store = open_existing_station_store(ctx);
        auto who = appointment::identity_for_case(store ? &*store : nullptr, file->case_id,
                                                  file->patient_chart_id.value_or(""));
        in.patient_name = who.patient_name;
        in.practice_name = who.practice_name;
    }
    std::string bad;
    if (!split_pairs(a.scans, in.scans, bad) || !split_pairs(a.photos, in.photos, bad)) {
        report_usage(ctx, "expected KIND=FILE, got '" + bad + "'");
        return;
    }
    for (const auto& [kind, _] : in.scans) {
        if (kind != "upper" && kind != "lower" && kind.rfind("bite", 0) != 0) {
            report_usage(ctx, "--scan: kind must be upper, lower or bite, got '" + kind + "'");
            return;
        }
    }
    // An override is a clinician's decision: --by ID, that person's PIN on stdin, audited.
    OverrideAuthority authority;
    if (!a.override_reason.empty() && !authorise_override(ctx, a.by, authority, in)) return;
    auto submission =
        pkg::assemble_submission(in, [](const std::string& s) { std::cerr << s << "\n"; });
    if (!submission) {
        report_error(ctx, submission.error());
        return;
    }
    if (!submission->may_submit()) {
        for (const auto& b : submission->gate.blocking) std::cerr << "intake: gate: " << b << "\n";
        std::cerr
            << "intake: the pre-submit gate failed; fix the records or give --override-reason\n";
        print_json({{"gate", pkg::to_json(submission->gate)}});
        ctx.exit_code = kExitCheckFailed;
        return;
    }
    auto key = pkg::load_or_create_station_key(ctx.home());
    if (!key) {
        report_error(ctx, key.error());
        return;
    }
    auto manifest = pkg::write_package(submission->request, *key, a.out);
    if (!manifest) {
        report_error(ctx, manifest.error());
        return;
    }
    const appointment::HistoryNote note{manifest->case_id, manifest->lab_case_id,
                                        manifest->package_id, "", a.out};
    warn_unrecorded(record_history(ctx, [&](record::Store& store) {
        return appointment::note_built(store, note, submission->gate.overridden);
    }));
    print_json({{"package", a.out},
                {"package_id", manifest->package_id},
                {"files", manifest->files.size()},
                {"gate", pkg::to_json(submission->gate)}});
}

void add_build(CLI::App& package, CliContext& ctx) {
    auto args = std::make_shared<BuildArgs>();
    auto* cmd =
        package.add_subcommand("build", "Check the records and build a signed submission package");
    cmd->add_option("--case", args->case_json, "Case file (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--rx", args->rx_json, "Prescription (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--scan", args->scans, "KIND=FILE, KIND upper|lower|bite (repeatable)")
        ->required();
    cmd->add_option("--photo", args->photos, "VIEW=FILE (repeatable)");
    cmd->add_option("--override-reason", args->override_reason,
                    "Submit although the gate fails, recording why (needs --by)");
    cmd->add_option("--by", args->by, "The clinician who overrides; their PIN on stdin");
    cmd->add_option("--created-at", args->created_at,
                    "RFC 3339 time for the manifest (default now, or SOURCE_DATE_EPOCH)");
    cmd->add_option("-o,--output", args->out, "Package to write (.zip)")->required();
    cmd->callback([&ctx, args] { run_build(ctx, *args); });
}

void add_verify_and_export(CLI::App& package, CliContext& ctx) {
    auto path = std::make_shared<std::string>();
    auto key = std::make_shared<std::string>();
    auto* verify =
        package.add_subcommand("verify", "Check every hash and the signature of a package");
    verify->add_option("package", *path, "Package (.zip)")->required();
    verify->add_option("--key", *key,
                       "Also trust this public key (hex), besides the station's own and "
                       "<home>/keys/trusted/*.pub");
    verify->callback([&ctx, path, key] {
        auto trust = pkg::load_trusted_keys(ctx.home());
        if (!trust) {
            report_error(ctx, trust.error());
            return;
        }
        if (!key->empty()) trust->public_keys.push_back(*key);
        auto report = pkg::verify_package(*path, *trust);
        if (!report) {
            report_error(ctx, report.error());
            return;
        }
        for (const auto& p : report->problems)
            std::cerr << "intake: " << *path << ": " << p << "\n";
        print_json(pkg::to_json(*report));
        if (!report->ok) ctx.exit_code = kExitCheckFailed;
    });
    auto dir = std::make_shared<std::string>();
    auto* dicom =
        package.add_subcommand("export-dicom", "Write each scan and photo as a DICOM object");
    dicom->add_option("package", *path, "Package (.zip)")->required();
    dicom->add_option("dir", *dir, "Output folder")->required();
    dicom->callback([&ctx, path, dir] {
        auto store = open_existing_station_store(ctx);
        auto result = pkg::export_dicom(*path, *dir, [&store](const pkg::Manifest& m) {
            return appointment::dicom_patient_for(store ? &*store : nullptr, m);
        });
        if (!result) {
            report_error(ctx, result.error());
            return;
        }
        for (const auto& s : result->skipped) std::cerr << "intake: skipped " << s << "\n";
        print_json(pkg::to_json(*result));
    });
}

struct RunArgs {
    std::string endpoint, token, token_file, ca;
    bool once = false;
    int chunk_mib = 8;
};

constexpr const char* kTokenOnArgv =
    "--token puts the lab's secret on the command line, where every user of this computer can "
    "read it (ps, /proc); use --token-file FILE (mode 0600), $INTAKE_LAB_TOKEN or the systemd "
    "credential lab-token";

// The token from --token-file, $INTAKE_LAB_TOKEN or systemd credentials; --token is refused.
bool lab_token(CliContext& ctx, const std::string& on_argv, const std::string& file,
               std::string& token) {
    if (!on_argv.empty()) {
        report_usage(ctx, kTokenOnArgv);
        return false;
    }
    auto resolved = pkg::resolve_lab_token(file);
    if (!resolved) {
        report_error(ctx, resolved.error());
        return false;
    }
    token = std::move(resolved.value());
    return true;
}

// Jobs still to send after the run (queued or uploading): exit 4 while any remain.
int still_pending(const CliContext& ctx) {
    auto box = open_outbox(ctx);
    auto jobs = box ? box->jobs() : Result<std::vector<pkg::OutboxJob>>(fail(box.error()));
    if (!jobs) return 0;
    int n = 0;
    for (const auto& j : *jobs)
        n += j.state == pkg::JobState::queued || j.state == pkg::JobState::uploading;
    return n;
}

// Flags win; what they leave empty comes from station.conf (the lab token's file too; the token
// itself is read by lab_token(), never from argv).
Result<RunArgs> with_station_config(RunArgs a) {
    auto config = load_station_config();
    if (!config) return fail(config.error());
    if (a.endpoint.empty()) a.endpoint = config->lab_endpoint;
    if (a.ca.empty()) a.ca = config->lab_ca_file.string();
    if (a.token_file.empty()) a.token_file = config->lab_token_file.string();
    if (a.endpoint.empty())
        return fail(Errc::invalid_argument,
                    "no lab endpoint: pass --endpoint or set lab_endpoint in " +
                        system_config_file().string() + " or " + user_config_file().string());
    return a;
}

void run_outbox(CliContext& ctx, const RunArgs& given) {
    auto configured = with_station_config(given);
    if (!configured) {
        report_error(ctx, configured.error());
        return;
    }
    const RunArgs& a = *configured;
    if (auto st = pkg::check_endpoint(a.endpoint); !st) {
        report_error(ctx, st.error());
        return;
    }
    pkg::TusOptions tus{.endpoint = a.endpoint, .ca_file = a.ca};
    if (!lab_token(ctx, a.token, a.token_file, tus.bearer_token)) return;
    pkg::UploadPolicy policy;
    policy.chunk_bytes = static_cast<size_t>(a.chunk_mib) << 20;
    // Called on the uploader's thread: a connection of its own per job.
    policy.job_metadata = [&ctx](const pkg::OutboxJob& job) {
        auto store = open_existing_station_store(ctx);
        return appointment::job_metadata(store ? &*store : nullptr, job);
    };
    auto database = ctx.database();
    if (!database) {
        report_error(ctx, database.error());
        return;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    pkg::UploaderThread thread(
        ctx.home(),
        [tus]() -> Result<std::unique_ptr<pkg::Transport>> {
            auto t = pkg::TusTransport::create_client(tus);
            if (!t) return fail(t.error());
            return std::unique_ptr<pkg::Transport>(std::move(t.value()));
        },
        policy, a.once, std::chrono::seconds(10),
        [](const std::string& s) { std::cerr << s << "\n"; }, *database);
    // --once: the thread makes its one full pass and ends by itself; a signal stops it early.
    while (!thread.finished() && !g_stop.load())
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    thread.stop();
    auto summary = thread.join();
    warn_unrecorded(record_history(ctx, [&](record::Store& store) -> Status {
        auto box = open_outbox(ctx);
        if (!box) return fail(box.error());
        return appointment::note_outcomes(*box, store);
    }));
    if (!summary) {
        report_error(ctx, summary.error());
        return;
    }
    int pending = still_pending(ctx);
    // Retention: this station's files, and on PostgreSQL the uploaded jobs' chunks in the
    // shared outbox (outbox_purge.cpp).
    const int purged = purge_after_run(ctx);
    print_json({{"uploaded", summary->uploaded},
                {"failed", summary->failed},
                {"deferred", summary->deferred},
                {"pending", pending},
                {"last_error", summary->last_error},
                {"possible_orphans", summary->possible_orphans},
                {"purged", purged}});
    if (!summary->last_error.empty() && (summary->failed > 0 || pending > 0))
        std::cerr << "intake: " << summary->last_error << "\n";
    if (summary->failed > 0) ctx.exit_code = kExitCheckFailed;
    if (pending > 0) ctx.exit_code = kExitDeviceOrIo;
}

void add_retry(CLI::App& outbox, CliContext& ctx) {
    auto id = std::make_shared<int64_t>(0);
    auto* retry = outbox.add_subcommand("retry", "Put a failed job back in the queue");
    retry->add_option("job", *id, "Job id (outbox status)")->required();
    retry->callback([&ctx, id] {
        auto box = open_outbox(ctx);
        auto job = box ? box->retry(*id) : Result<pkg::OutboxJob>(fail(box.error()));
        if (!job) {
            report_error(ctx, job.error());
            return;
        }
        print_json(pkg::to_json(*job));
    });
}

void add_outbox(CLI::App& root, CliContext& ctx) {
    auto* outbox = root.add_subcommand("outbox", "The durable upload queue");
    outbox->require_subcommand(1);
    auto path = std::make_shared<std::string>();
    auto* add =
        outbox->add_subcommand("add", "Verify a package, seal it into the outbox and queue it");
    add->add_option("package", *path, "Package (.zip)")->required();
    add->callback([&ctx, path] {
        auto box = open_outbox(ctx);
        auto job = box ? box->add(*path) : Result<pkg::OutboxJob>(fail(box.error()));
        if (!job) {
            report_error(ctx, job.error());
            return;
        }
        warn_unrecorded(record_history(ctx, [&](record::Store& store) {
            return appointment::note_queued(store, {"", "", job->package_id, "", *path}, job->id);
        }));
        print_json(pkg::to_json(*job));
    });
    auto args = std::make_shared<RunArgs>();
    auto* run = outbox->add_subcommand("run", "Upload queued packages to the lab (tus 1.0)");
    run->add_option("--endpoint", args->endpoint,
                    "Lab inbox URL (https://..., http only to loopback; default: lab_endpoint "
                    "of station.conf)");
    run->add_option("--token", args->token, "Refused: use --token-file (argv is public)");
    run->add_option("--token-file", args->token_file,
                    "File holding the lab's bearer token (mode 0600)");
    run->add_option("--ca", args->ca, "CA bundle to trust for the lab's certificate")
        ->check(CLI::ExistingFile);
    run->add_flag("--once", args->once, "Upload what is queued, then exit");
    run->add_option("--chunk-mib", args->chunk_mib, "PATCH size in MiB")->check(CLI::Range(4, 8));
    run->callback([&ctx, args] { run_outbox(ctx, *args); });
    add_retry(*outbox, ctx);
    add_outbox_purge(*outbox, ctx);
    auto json = std::make_shared<bool>(false);
    auto* status = outbox->add_subcommand("status", "List the jobs and where each one is");
    status->add_flag("--json", *json, "JSON output");
    status->callback([&ctx, json] {
        auto box = open_outbox(ctx);
        auto jobs = box ? box->jobs() : Result<std::vector<pkg::OutboxJob>>(fail(box.error()));
        if (!jobs) {
            report_error(ctx, jobs.error());
            return;
        }
        if (*json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& j : *jobs) out.push_back(pkg::to_json(j));
            print_json({{"jobs", out}});
            return;
        }
        for (const auto& j : *jobs) {
            std::cout << j.id << "  " << pkg::job_state_name(j.state) << "  " << j.offset << "/"
                      << j.size << "  " << j.file_name
                      << (j.last_error.empty() ? "" : "  (" + j.last_error + ")") << "\n";
        }
        if (jobs->empty()) std::cout << "outbox is empty\n";
    });
}

void add_demo(CLI::App& root, CliContext& ctx) {
    auto o = std::make_shared<appointment::DemoOptions>();
    auto out = std::make_shared<std::string>();
    auto* demo =
        root.add_subcommand("demo", "The whole refinement on the bundled demo case, headless");
    demo->add_option("--out", *out, "Folder for the captures, the package and the local inbox")
        ->required();
    demo->add_option("--endpoint", o->endpoint, "Lab inbox URL (default: start a local one)");
    auto demo_token = std::make_shared<std::string>();
    auto demo_token_file = std::make_shared<std::string>();
    demo->add_option("--token", *demo_token, "Refused: use --token-file (argv is public)");
    demo->add_option("--token-file", *demo_token_file,
                     "File holding the lab's bearer token (mode 0600)");
    demo->add_option("--ca", o->ca_file, "CA bundle to trust")->check(CLI::ExistingFile);
    demo->callback([&ctx, o, out, demo_token, demo_token_file] {
        if (!lab_token(ctx, *demo_token, *demo_token_file, o->token)) return;
        o->out_dir = *out;
        o->home = ctx.home();
        std::cout << "Intake Station demo: refinement intake, headless\n";
        auto result = appointment::run_demo(*o, [](const std::string& s) {
            std::cout << s << "\n" << std::flush;
        });
        if (!result) {
            report_error(ctx, result.error());
            return;
        }
        print_json(*result);
    });
}

}  // namespace

void add_package_commands(CLI::App& root, CliContext& ctx) {
    auto* package = root.add_subcommand("package", "Build, verify and export submission packages");
    package->require_subcommand(1);
    add_build(*package, ctx);
    add_verify_and_export(*package, ctx);
    add_outbox(root, ctx);
    add_demo(root, ctx);
}

}  // namespace intake::cli
