#include "station_fleet.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace intake::bench {

namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
    int read = -1, write = -1;
};

Pipe make_pipe() {
    int fds[2] = {-1, -1};
    if (::pipe(fds) != 0) std::perror("pipe");
    return {fds[0], fds[1]};
}

// The child's side of the barriers: "arrived" on `ready`, then a read of the phase's gate that
// returns (EOF) when the parent closes its write end.
class ChildBarriers {
  public:
    ChildBarriers(int ready, std::vector<Pipe> gates) : ready_(ready), gates_(std::move(gates)) {}
    void next() {
        if (passed_ >= gates_.size()) return;
        const char arrived = 1;
        if (::write(ready_, &arrived, 1) != 1) std::perror("barrier write");
        char c = 0;
        while (::read(gates_[passed_].read, &c, 1) > 0) {
        }
        ++passed_;
    }
    void pass_all() {
        while (passed_ < gates_.size()) next();
    }

  private:
    int ready_;
    std::vector<Pipe> gates_;
    size_t passed_ = 0;
};

// Waits until `stations` "arrived" bytes came through `ready` (every station at the barrier).
void wait_for_all(int ready, int stations) {
    for (int arrived = 0; arrived < stations;) {
        char c = 0;
        const ssize_t n = ::read(ready, &c, 1);
        if (n == 1) {
            ++arrived;
        } else if (n == 0) {
            return;  // every child is gone: nobody left to wait for
        }
    }
}

}  // namespace

FleetRun run_fleet(int stations, int phases,
                   const std::function<int(int, const NextPhase&)>& body) {
    const Pipe ready = make_pipe();
    std::vector<Pipe> gates;
    for (int p = 0; p < phases; ++p) gates.push_back(make_pipe());
    std::fflush(stdout);
    std::vector<pid_t> pids;
    for (int i = 0; i < stations; ++i) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(ready.read);
            for (const Pipe& g : gates) ::close(g.write);
            ChildBarriers barriers(ready.write, gates);
            const int code = body(i, [&barriers] { barriers.next(); });
            barriers.pass_all();
            std::fflush(stdout);
            ::_exit(code);  // never back into the parent's code (its destructors, its cluster)
        }
        pids.push_back(pid);
    }
    ::close(ready.write);
    for (const Pipe& g : gates) ::close(g.read);
    FleetRun run;
    Clock::time_point released;
    for (int p = 0; p < phases; ++p) {
        wait_for_all(ready.read, stations);
        const auto now = Clock::now();
        if (p > 0)
            run.phase_seconds.push_back(std::chrono::duration<double>(now - released).count());
        released = now;
        ::close(gates[static_cast<size_t>(p)].write);
    }
    for (const pid_t pid : pids) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0) {
        }
        run.exit_codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    run.phase_seconds.push_back(std::chrono::duration<double>(Clock::now() - released).count());
    ::close(ready.read);
    return run;
}

}  // namespace intake::bench
