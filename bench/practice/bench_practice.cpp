// bench_practice: many chairs, one practice (issue 17). 16 simulated stations — separate
// processes, each with its own connections, released together — against one real PostgreSQL
// (the throwaway cluster the `pg` tests start, tests/support/pg_cluster.h), and in the same
// run the same workload for one station on PostgreSQL and on SQLite (the single chair's
// embedded default) as the reference. See station_workload.h for what a station does.
//
// Prints per configuration: workflow updates per second and the p50/p99 latency of a save
// (read → successful write, conflict retries included), conflicts, audit appends, and outbox
// claims per second. Checks every run's outputs: each case's final version is 1 + the saves
// the stations made on it and holds every station's mark, the audit chain verifies with exactly
// one entry per save, and every queued job was claimed and completed exactly once.
//
// Run: bench_practice [--quick] [UPDATES_PER_STATION]. One run per configuration (each is a few
// thousand operations over many processes); run it again for the spread.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>

#include "options.h"
#include "station/package/outbox.h"
#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "station_fleet.h"
#include "station_workload.h"
#include "tests/support/pg_cluster.h"

namespace intake::bench {
namespace {

namespace fs = std::filesystem;

Checks g_checks;

struct Config {
    std::string name;  // "postgresql" or "sqlite"
    int stations = 1;
};

struct Totals {
    std::vector<int64_t> update_us, audit_us, claim_us;
    int64_t conflicts = 0, held = 0;
    std::vector<int64_t> claimed;
    std::map<std::string, int64_t> saves;
};

double percentile_ms(std::vector<int64_t> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
    return static_cast<double>(v[std::clamp<size_t>(rank, 1, v.size()) - 1]) / 1000.0;
}

Totals gather(const Practice& practice, const Config& c, const FleetRun& run) {
    Totals t;
    for (int i = 0; i < c.stations; ++i) {
        std::ifstream in(result_path(practice, i));
        const auto j = nlohmann::json::parse(in, nullptr, false);
        const StationResult r = j.is_discarded() ? StationResult{.error = "no result file"}
                                                 : station_result_from_json(j);
        g_checks.expect(run.exit_codes[static_cast<size_t>(i)] == 0 && r.error.empty(),
                        c.name + " station " + std::to_string(i) + ": exit " +
                            std::to_string(run.exit_codes[static_cast<size_t>(i)]) + " " + r.error);
        t.update_us.insert(t.update_us.end(), r.update_us.begin(), r.update_us.end());
        t.audit_us.insert(t.audit_us.end(), r.audit_us.begin(), r.audit_us.end());
        t.claim_us.insert(t.claim_us.end(), r.claim_us.begin(), r.claim_us.end());
        t.conflicts += r.conflicts;
        t.held += r.held;
        t.claimed.insert(t.claimed.end(), r.claimed.begin(), r.claimed.end());
        for (const auto& [c_id, n] : r.saves) t.saves[c_id] += n;
    }
    return t;
}

// Every save is in the case's row (version and marks) and in the audit chain, once.
void check_record(const Practice& practice, const Config& c, const Totals& t) {
    auto store = record::Store::open_location(practice.location);
    if (!store) return g_checks.expect(false, c.name + ": reopen: " + store.error().message);
    int64_t total = 0;
    for (const auto& [case_id, saves] : t.saves) {
        total += saves;
        auto row = store->find_workflow(case_id);
        const bool found = row && *row;
        g_checks.expect(found && (*row)->version == 1 + saves &&
                            nlohmann::json::parse((*row)->state_json)["marks"].size() ==
                                static_cast<size_t>(saves),
                        c.name + ": case " + case_id + " holds " +
                            (found ? "version " + std::to_string((*row)->version) : "nothing") +
                            " after " + std::to_string(saves) + " saves");
    }
    auto verified = record::AuditLog(*store).verify();
    g_checks.expect(
        verified && verified->ok && verified->entries == total,
        c.name + ": audit verify (" +
            (verified ? std::to_string(verified->entries) + " entries, " + verified->problem
                      : verified.error().message) +
            ") for " + std::to_string(total) + " saves");
}

// Every queued job claimed and completed exactly once, and uploaded in the outbox.
void check_outbox(const Practice& practice, const Config& c, Totals& t) {
    std::sort(t.claimed.begin(), t.claimed.end());
    std::vector<int64_t> queued = practice.job_ids;
    std::sort(queued.begin(), queued.end());
    g_checks.expect(t.claimed == queued, c.name + ": " + std::to_string(t.claimed.size()) +
                                             " completions for " + std::to_string(queued.size()) +
                                             " jobs (each exactly once)");
    auto outbox = package::Outbox::open_location(practice.home(0), practice.location);
    if (!outbox) return g_checks.expect(false, c.name + ": outbox: " + outbox.error().message);
    auto jobs = outbox->jobs();
    const bool all_uploaded =
        jobs && std::all_of(jobs->begin(), jobs->end(), [](const package::OutboxJob& j) {
            return j.state == package::JobState::uploaded && j.claimed_by.empty();
        });
    g_checks.expect(all_uploaded, c.name + ": every job uploaded and released");
}

void print(const Config& c, const FleetRun& run, const Totals& t) {
    const double updates = static_cast<double>(t.update_us.size());
    std::printf(
        "%-10s %2d station%s: workflow %5.0f updates in %6.2f s = %7.1f updates/s (each with its "
        "audit append), save p50 %6.2f ms, p99 %7.2f ms, %lld conflicts retried\n",
        c.name.c_str(), c.stations, c.stations == 1 ? " " : "s", updates, run.phase_seconds[0],
        updates / run.phase_seconds[0], percentile_ms(t.update_us, 0.50),
        percentile_ms(t.update_us, 0.99), static_cast<long long>(t.conflicts));
    std::printf(
        "%-10s %2d station%s: audit    p50 %6.2f ms, p99 %7.2f ms per append (one per save)\n",
        c.name.c_str(), c.stations, c.stations == 1 ? " " : "s", percentile_ms(t.audit_us, 0.50),
        percentile_ms(t.audit_us, 0.99));
    const double claims = static_cast<double>(t.claim_us.size());
    std::printf(
        "%-10s %2d station%s: outbox   %5.0f claims  in %6.2f s = %7.1f claims/s, "
        "claim p50 %6.2f ms, p99 %7.2f ms, %lld claim attempts refused (held by another station)\n",
        c.name.c_str(), c.stations, c.stations == 1 ? " " : "s", claims, run.phase_seconds[1],
        claims / run.phase_seconds[1], percentile_ms(t.claim_us, 0.50),
        percentile_ms(t.claim_us, 0.99), static_cast<long long>(t.held));
}

void run_config(const Config& c, const std::string& location, const fs::path& work, Workload w) {
    w.stations = c.stations;
    auto practice = prepare_practice(location, work, w);
    if (!practice) return g_checks.expect(false, c.name + ": " + practice.error().to_string());
    const Practice& p = *practice;
    const FleetRun run = run_fleet(
        c.stations, 2, [&](int i, const NextPhase& next) { return run_station(p, w, i, next); });
    Totals t = gather(p, c, run);
    print(c, run, t);
    check_record(p, c, t);
    check_outbox(p, c, t);
}

}  // namespace
}  // namespace intake::bench

int main(int argc, char** argv) {
    using namespace intake::bench;
    const Options opts = parse_options(argc, argv);
    Workload w;
    w.updates_each = opts.quick ? 20 : 200;
    w.jobs = opts.quick ? 32 : 128;
    if (!opts.rest.empty()) w.updates_each = std::max(1, std::atoi(opts.rest[0].c_str()));
    print_machine();
    std::printf(
        "workload: %d updates per station (every %d-th on one shared case, the rest on "
        "%d own cases), one audit append per save; %d queued jobs drained\n",
        w.updates_each, w.hot_every, w.own_cases, w.jobs);
    std::string why;
    auto cluster = intake::test::PgCluster::start(why);
    if (!cluster) {
        std::fprintf(stderr, "bench_practice: %s\n", why.c_str());
        return 4;
    }
    const fs::path work =
        fs::temp_directory_path() / ("intake-bench-practice-" + std::to_string(::getpid()));
    const Config configs[] = {{"postgresql", 16}, {"postgresql", 1}, {"sqlite", 1}};
    int n = 0;
    for (const Config& c : configs) {
        const fs::path dir = work / (c.name + "-" + std::to_string(c.stations));
        std::string location = (dir / "station-0" / "station.db").string();
        if (c.name == "postgresql") {
            location = cluster->create_database("practice" + std::to_string(++n), why);
            if (location.empty()) {
                g_checks.expect(false, why);
                continue;
            }
        }
        std::error_code ec;
        fs::create_directories(dir / "station-0", ec);
        run_config(c, location, dir, w);
    }
    std::error_code ec;
    fs::remove_all(work, ec);
    return g_checks.exit_code();
}
