// Simulated stations as real processes: N forked children, each with its own database
// connections (opened before the start, never shared across the fork), released together at
// every phase boundary so each phase is timed over all stations at once.
#pragma once

#include <functional>
#include <vector>

namespace intake::bench {

// What a station's body calls between phases: blocks until every station has arrived, then
// returns when the parent releases them all.
using NextPhase = std::function<void()>;

struct FleetRun {
    std::vector<int> exit_codes;        // one per station: 0 = its body succeeded
    std::vector<double> phase_seconds;  // wall time of each phase, first to last station
};

// Forks `stations` children running body(index, next_phase) and returns when all have exited.
// The body calls next_phase() once before each of `phases` phases (after opening its
// connections: the first call is the start line). A body that returns early passes its
// remaining barriers on the way out, so the others are never left waiting for it.
FleetRun run_fleet(int stations, int phases, const std::function<int(int, const NextPhase&)>& body);

}  // namespace intake::bench
