// What one simulated station does against the practice's database, and the database it does
// it in. Two phases, each started by all stations together:
//  1. the chair's record: workflow updates the way the kiosk saves a case (read the case and
//     its version, change it, update_workflow based on that version, on a conflict read again
//     and re-apply), mostly on the station's own cases and every `hot_every`-th on one case
//     every station writes (the front desk and the chairs on one patient), each successful
//     save followed by its audit entry on the practice's one chain;
//  2. the outbox: draining the queued jobs as `outbox run` does (list, claim with the lease,
//     read again under it, complete with a receipt, release), with no network in between so
//     the database's side of it is what is timed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"

namespace intake::bench {

struct Workload {
    int stations = 16;
    int updates_each = 200;  // successful workflow saves per station
    int own_cases = 3;       // cases only this station writes
    int hot_every = 4;       // every n-th save is on the shared hot case
    int jobs = 128;          // packages queued before the outbox phase
};

// A database prepared for a run: the location (SQLite path or postgresql:// URL), the first
// station's home (it queued the jobs: station key, the practice's seal key) and the others'.
struct Practice {
    std::string location;
    std::filesystem::path work;
    std::vector<int64_t> job_ids;
    std::filesystem::path home(int station) const;
};

// What a station measured; written by the child as JSON, read back by the parent.
struct StationResult {
    std::vector<int64_t> update_us;  // read → successful write, retries included
    std::vector<int64_t> audit_us;
    std::vector<int64_t> claim_us;         // successful claims only
    int64_t conflicts = 0;                 // stale writes refused (and retried)
    int64_t held = 0;                      // claims refused because another station held the job
    std::vector<int64_t> claimed;          // job ids this station completed
    std::map<std::string, int64_t> saves;  // successful saves per case
    std::string error;
};
nlohmann::json to_json(const StationResult& r);
StationResult station_result_from_json(const nlohmann::json& j);

std::string hot_case();
std::string own_case(int station, int k);

// Creates every station's cases (version 1) and queues `w.jobs` small signed packages in the
// outbox, from station 0's home. For PostgreSQL every other home gets the practice's seal key.
Result<Practice> prepare_practice(const std::string& location, const std::filesystem::path& work,
                                  const Workload& w);

// The body of station `index` for run_fleet (2 phases); writes its result to result_path().
// Returns 0 when it finished both phases without an unexpected error.
int run_station(const Practice& practice, const Workload& w, int index,
                const std::function<void()>& next_phase);
std::filesystem::path result_path(const Practice& practice, int index);

}  // namespace intake::bench
