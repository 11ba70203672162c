#include "child_process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

extern char** environ;

namespace intake::bench {

namespace {
double cpu_ms_of(const struct rusage& u) {
    return (double(u.ru_utime.tv_sec) + double(u.ru_stime.tv_sec)) * 1000.0 +
           (double(u.ru_utime.tv_usec) + double(u.ru_stime.tv_usec)) / 1000.0;
}
}  // namespace

ChildRun run_child(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ChildRun run;
    auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return run;
    }
    posix_spawn_file_actions_destroy(&actions);
    // ru_maxrss of a spawned child also counts the parent's pages from before exec, so read
    // the child's own high-water mark (VmHWM) from /proc while it runs.
    int status = 0;
    double hwm_kb = 0;
    for (;;) {
        if (std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r")) {
            char line[256];
            while (std::fgets(line, sizeof line, f) != nullptr) {
                if (std::strncmp(line, "VmHWM:", 6) == 0)
                    hwm_kb = std::max(hwm_kb, std::atof(line + 6));
            }
            std::fclose(f);
        }
        struct rusage usage {};
        pid_t done = wait4(pid, &status, WNOHANG, &usage);
        if (done == pid) run.cpu_ms = cpu_ms_of(usage);
        if (done == pid) break;
        usleep(2000);
    }
    run.wall_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peak_rss_mb = hwm_kb / 1024.0;
    return run;
}

double self_peak_rss_mb() {
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

}  // namespace intake::bench
