// Timing helpers for the benchmark: wall time of a callable, and running a child process to
// get its wall time and peak resident memory (getrusage of the child).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace intake::bench {

double time_ms(const std::function<void()>& fn);

// Wall and CPU (user + system, all threads) milliseconds of one call. On a shared, loaded
// machine wall time mostly measures waiting for a core; CPU time measures the work.
struct Timing {
    double wall_ms = 0, cpu_ms = 0;
};
Timing measure(const std::function<void()>& fn);

struct ChildRun {
    int exit_code = -1;
    double wall_ms = 0;
    double peak_rss_mb = 0;
    double cpu_ms = 0;
};

ChildRun run_child(const std::vector<std::string>& argv);

double self_peak_rss_mb();

double median(std::vector<double> values);

}  // namespace intake::bench
