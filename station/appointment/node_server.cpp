#include "station/appointment/node_server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

namespace intake::appointment {
namespace {

// Reads the child's stdout until a complete "PORT n" line arrives or the time is up.
int await_port(int fd, std::chrono::seconds timeout) {
    std::string out;
    int port = 0;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (port == 0 && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        char buf[256];
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
        auto at = out.find("PORT ");
        if (at != std::string::npos && out.find('\n', at) != std::string::npos)
            port = std::atoi(out.c_str() + at + 5);
    }
    return port;
}

}  // namespace

Status NodeServer::start(const std::filesystem::path& servers_dir, const std::string& script,
                         const std::vector<std::string>& args, std::chrono::seconds timeout,
                         bool own_process_group) {
    stop();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return fail(Errc::io, "pipe failed");
    // The lifeline: node's stdin is a pipe whose only writer is this process (close-on-exec, so
    // no other program we start holds it). When this process ends in any way, kill -9 included,
    // the kernel closes it, node reads end-of-file and exits: a killed kiosk leaves no lab inbox
    // behind holding its port and its files. PR_SET_PDEATHSIG would fire when the forking
    // *thread* ends, which for a server started from a worker thread is far too early.
    int lifeline[2];
    if (::pipe2(lifeline, O_CLOEXEC) != 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return fail(Errc::io, "pipe failed");
    }
    std::vector<std::string> words{"node", (servers_dir / script).string()};
    words.insert(words.end(), args.begin(), args.end());
    words.insert(words.end(), {"--lifeline", "stdin"});
    pid_ = ::fork();
    if (pid_ < 0) {
        for (int fd : {fds[0], fds[1], lifeline[0], lifeline[1]}) ::close(fd);
        return fail(Errc::io, "fork failed");
    }
    if (pid_ == 0) {
        ::dup2(fds[1], 1);
        ::dup2(lifeline[0], 0);
        if (own_process_group) ::setpgid(0, 0);
        // The servers store what they receive (patients' packages) with node's default modes:
        // owner-only whatever umask the station was started with.
        ::umask(077);
        if (::chdir(servers_dir.c_str()) != 0) ::_exit(127);
        std::vector<char*> argv;
        for (auto& w : words) argv.push_back(w.data());
        argv.push_back(nullptr);
        ::execvp("node", argv.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    ::close(lifeline[0]);
    lifeline_ = lifeline[1];
    port_ = await_port(fds[0], timeout);
    ::close(fds[0]);
    if (port_ == 0) {
        stop(SIGKILL);
        return fail(Errc::timeout, "node " + script + " did not report a port");
    }
    return ok();
}

void NodeServer::stop(int signal) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    port_ = 0;
    if (lifeline_ >= 0) ::close(lifeline_);
    lifeline_ = -1;
}

}  // namespace intake::appointment
