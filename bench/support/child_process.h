// Running a child process for a whole-process benchmark: its exit code, wall time, CPU time and
// peak resident memory (the child's own VmHWM, read from /proc while it runs).
#pragma once

#include <string>
#include <vector>

namespace intake::bench {

struct ChildRun {
    int exit_code = -1;
    double wall_ms = 0;
    double cpu_ms = 0;
    double peak_rss_mb = 0;
};

// argv[0] is the program's path; stdout goes to /dev/null.
ChildRun run_child(const std::vector<std::string>& argv);

double self_peak_rss_mb();

}  // namespace intake::bench
