#include "station_workload.h"

#include <chrono>
#include <cstring>
#include <fstream>
#include <random>

#include "station/package/outbox.h"
#include "station/package/package_writer.h"
#include "station/package/station_key.h"
#include "station/record/audit_log.h"
#include "station/record/store.h"

namespace intake::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

int64_t micros_since(Clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
}

std::vector<std::byte> random_bytes(size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::byte> out(n);
    for (size_t i = 0; i + 8 <= n; i += 8) {
        const uint64_t v = rng();
        std::memcpy(out.data() + i, &v, 8);
    }
    return out;
}

// A small signed package per job: the outbox's database work does not depend on its size
// beyond the sealed chunk rows (one row of 1 MiB holds it).
Result<int64_t> queue_job(package::Outbox& outbox, const package::StationKey& key,
                          const fs::path& dir, int n) {
    const std::string id = std::to_string(n);
    package::PackageRequest request{"lab-bench", "bench@1", "BENCH-" + id,
                                    "LAB-" + id, "P-BENCH", "2026-11-23T00:00:00Z",
                                    "",          {}};
    request.entries.push_back({"scans/upper.stl", "scan-upper", "model/stl",
                               random_bytes(16 * 1024, static_cast<unsigned>(n))});
    const fs::path zip = dir / ("job-" + id + ".zip");
    auto written = package::write_package(request, key, zip);
    if (!written) return fail(written.error());
    auto job = outbox.add(zip);
    if (!job) return fail(job.error());
    fs::remove(zip);
    return job->id;
}

Status create_cases(const std::string& location, const Workload& w) {
    auto store = record::Store::open_location(location);
    if (!store) return fail(store.error());
    std::vector<std::string> cases{hot_case()};
    for (int s = 0; s < w.stations; ++s)
        for (int k = 0; k < w.own_cases; ++k) cases.push_back(own_case(s, k));
    for (const std::string& c : cases) {
        auto v = store->update_workflow({c, R"({"marks":[]})", "{}", "", 0}, 0);
        if (!v) return fail(v.error());
    }
    return ok();
}

// The practice's seal key on every station (docs/outbox.md: every station holds the same one).
Status hand_out_seal_key(const Practice& p, int stations) {
    std::error_code ec;
    for (int s = 1; s < stations; ++s) {
        const fs::path keys = p.home(s) / "keys";
        fs::create_directories(keys, ec);
        fs::permissions(p.home(s), fs::perms::owner_all, ec);
        fs::permissions(keys, fs::perms::owner_all, ec);
        fs::copy_file(p.home(0) / "keys" / "outbox.key", keys / "outbox.key",
                      fs::copy_options::overwrite_existing, ec);
        if (ec)
            return fail(Errc::io, keys.string() + ": cannot copy the seal key: " + ec.message());
        fs::permissions(keys / "outbox.key", fs::perms::owner_read | fs::perms::owner_write, ec);
    }
    return ok();
}

// Read the case, add this station's mark, save based on the version read; on a conflict read
// again and re-apply. The new version.
Result<int64_t> save_with_retry(record::Store& store, const std::string& case_id,
                                const std::string& mark, StationResult& r) {
    for (int busy = 0;;) {
        auto row = store.find_workflow(case_id);
        if (!row) return fail(row.error());
        if (!*row) return fail(Errc::not_found, "case " + case_id + " has no workflow row");
        auto state = nlohmann::json::parse((*row)->state_json);
        state["marks"].push_back(mark);
        auto v = store.update_workflow({case_id, state.dump(), R"({"by":")" + mark + "\"}", "", 0},
                                       (*row)->version);
        if (v) return *v;
        if (v.error().code == Errc::conflict) {
            ++r.conflicts;
        } else if (v.error().code != Errc::busy || ++busy > 100) {
            return fail(v.error());
        }
    }
}

Status workflow_phase(record::Store& store, record::AuditLog& log, const Workload& w, int index,
                      StationResult& r) {
    const std::string actor = "station-" + std::to_string(index);
    for (int n = 0; n < w.updates_each; ++n) {
        const std::string c = n % w.hot_every == 0 ? hot_case() : own_case(index, n % w.own_cases);
        const auto t0 = Clock::now();
        auto version =
            save_with_retry(store, c, std::to_string(index) + ":" + std::to_string(n), r);
        if (!version) return fail(version.error());
        r.update_us.push_back(micros_since(t0));
        ++r.saves[c];
        const auto t1 = Clock::now();
        auto seq = log.append({actor, "assistant", "workflow.save", "case " + c, "", "",
                               "version " + std::to_string(*version)});
        if (!seq) return fail(seq.error());
        r.audit_us.push_back(micros_since(t1));
    }
    return ok();
}

bool pending(const package::OutboxJob& job) {
    return job.state == package::JobState::queued || job.state == package::JobState::uploading;
}

// One claim: the lease, a read under it, the receipt, the release (upload_pending's steps).
Status take_job(package::Outbox& outbox, int64_t id, int index, StationResult& r) {
    const auto t0 = Clock::now();
    auto claimed = outbox.claim(id);
    if (!claimed) return fail(claimed.error());
    if (!*claimed) {
        ++r.held;
        return ok();
    }
    r.claim_us.push_back(micros_since(t0));
    auto now = outbox.job(id);
    if (!now) return fail(now.error());
    if (pending(*now)) {
        const nlohmann::json receipt{{"station", index}, {"package_id", now->package_id}};
        INTAKE_TRY(outbox.mark_uploaded(id, receipt.dump()));
        r.claimed.push_back(id);
    }
    return outbox.release(id);
}

// Passes over the queue until nothing is left to send (a job another station holds is skipped
// and looked at again in the next pass, when that station has finished with it).
Status outbox_phase(package::Outbox& outbox, int index, StationResult& r) {
    for (bool any = true; any;) {
        auto jobs = outbox.jobs();
        if (!jobs) return fail(jobs.error());
        any = false;
        for (const package::OutboxJob& job : *jobs) {
            if (!pending(job)) continue;
            any = true;
            INTAKE_TRY(take_job(outbox, job.id, index, r));
        }
    }
    return ok();
}

}  // namespace

fs::path Practice::home(int station) const { return work / ("station-" + std::to_string(station)); }

std::string hot_case() { return "CASE-HOT"; }
std::string own_case(int station, int k) {
    return "CASE-S" + std::to_string(station) + "-" + std::to_string(k);
}

nlohmann::json to_json(const StationResult& r) {
    return {{"update_us", r.update_us}, {"audit_us", r.audit_us}, {"claim_us", r.claim_us},
            {"conflicts", r.conflicts}, {"held", r.held},         {"claimed", r.claimed},
            {"saves", r.saves},         {"error", r.error}};
}

StationResult station_result_from_json(const nlohmann::json& j) {
    StationResult r;
    r.update_us = j.value("update_us", r.update_us);
    r.audit_us = j.value("audit_us", r.audit_us);
    r.claim_us = j.value("claim_us", r.claim_us);
    r.conflicts = j.value("conflicts", int64_t{0});
    r.held = j.value("held", int64_t{0});
    r.claimed = j.value("claimed", r.claimed);
    r.saves = j.value("saves", r.saves);
    r.error = j.value("error", std::string("no result"));
    return r;
}

Result<Practice> prepare_practice(const std::string& location, const fs::path& work,
                                  const Workload& w) {
    Practice p{location, work, {}};
    std::error_code ec;
    fs::create_directories(p.home(0), ec);
    fs::permissions(work, fs::perms::owner_all, ec);
    fs::permissions(p.home(0), fs::perms::owner_all, ec);
    INTAKE_TRY(create_cases(location, w));
    auto key = package::load_or_create_station_key(p.home(0));
    if (!key) return fail(key.error());
    auto outbox = package::Outbox::open_location(p.home(0), location);
    if (!outbox) return fail(outbox.error());
    for (int n = 0; n < w.jobs; ++n) {
        auto id = queue_job(*outbox, *key, work, n);
        if (!id) return fail(id.error());
        p.job_ids.push_back(*id);
    }
    if (outbox->shared()) INTAKE_TRY(hand_out_seal_key(p, w.stations));
    return p;
}

fs::path result_path(const Practice& practice, int index) {
    return practice.work / ("result-" + std::to_string(index) + ".json");
}

int run_station(const Practice& practice, const Workload& w, int index,
                const std::function<void()>& next_phase) {
    StationResult r;
    auto store = record::Store::open_location(practice.location);
    auto outbox = package::Outbox::open_location(practice.home(index), practice.location);
    Status st = !store    ? Status(fail(store.error()))
                : !outbox ? Status(fail(outbox.error()))
                          : ok();
    next_phase();  // the start line: every station connected
    if (st) {
        record::AuditLog log(*store);
        st = workflow_phase(*store, log, w, index, r);
    }
    next_phase();
    if (st) st = outbox_phase(*outbox, index, r);
    r.error = st ? "" : st.error().to_string();
    std::ofstream(result_path(practice, index)) << to_json(r).dump();
    return st ? 0 : 11;
}

}  // namespace intake::bench
