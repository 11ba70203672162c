// The fairness rules every benchmark follows, in one place:
//  - every side runs the same number of times: `runs` is odd and at least 5 (the median is a
//    real run), or 1 in --quick mode;
//  - with more than one run, every side first runs once untimed (page cache, lazy tables,
//    allocator), so no side pays the cold start the other escapes;
//  - runs are interleaved: round i runs every side once, starting with side i mod n, so drift
//    of the machine (load, thermal, page cache) hits every side alike and none always goes first;
//  - each side's timed region is exactly the closure it is given: the benchmark puts its
//    conversions and output checks outside it;
//  - wall and CPU time (user + system of this process and of waited-for children) are kept for
//    every run and printed as min / median / max for every side; ratios are of medians.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace intake::bench {

struct Timing {
    double wall_ms = 0, cpu_ms = 0;
};
// One call of `fn`: wall time and the CPU time it cost (all threads, and child processes it
// waited for). On a shared machine wall time also measures waiting for a core; CPU time does not.
Timing measure(const std::function<void()>& fn);

struct Spread {
    double min = 0, median = 0, max = 0;
};
Spread spread(std::vector<double> values);

struct Side {
    std::string name;
    std::function<void()> body;      // the timed region, nothing else
    std::function<void()> setup;     // untimed, before each run (e.g. a fresh copy of the input)
    std::function<void()> teardown;  // untimed, after each run (check, then release the output)
};

struct Samples {
    std::string name;
    std::vector<double> wall_ms, cpu_ms;
    Spread wall() const { return spread(wall_ms); }
    Spread cpu() const { return spread(cpu_ms); }
};

// Runs every side `runs` times, interleaved as described above.
std::vector<Samples> run_interleaved(int runs, const std::vector<Side>& sides);

// One line per side (wall and CPU min / median / max), then the ratio of each other side's
// medians to the first side's ("ours"): above 1 means ours is faster.
void print_comparison(const std::string& title, const std::vector<Samples>& samples);

// Median ratio theirs / ours of wall time and of CPU time.
struct Ratio {
    double wall = 0, cpu = 0;
};
Ratio ratio(const Samples& ours, const Samples& theirs);

}  // namespace intake::bench
