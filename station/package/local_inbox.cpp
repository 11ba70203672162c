#include "station/package/local_inbox.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>
#include <vector>

namespace intake::package {

namespace fs = std::filesystem;

Result<fs::path> find_servers_dir(const fs::path& start) {
    auto has_server = [](const fs::path& dir) {
        return fs::exists(dir / "tus-inbox.mjs") &&
               fs::exists(dir / "node_modules" / "@tus" / "server");
    };
    if (const char* env = std::getenv("INTAKE_SERVERS_DIR"); env && *env) {
        if (has_server(env)) return fs::path(env);
        return fail(Errc::not_found,
                    std::string(env) + ": no tus-inbox.mjs with node_modules (INTAKE_SERVERS_DIR)");
    }
    std::error_code ec;
    for (fs::path dir = fs::weakly_canonical(start, ec); !dir.empty(); dir = dir.parent_path()) {
        if (has_server(dir / "tests" / "servers")) return dir / "tests" / "servers";
        if (dir == dir.parent_path()) break;
    }
    return fail(Errc::not_found, "tests/servers with node_modules not found above " +
                                     start.string() +
                                     " (run scripts/setup.sh, or set INTAKE_SERVERS_DIR)");
}

Status LocalInbox::start(const fs::path& servers_dir, const fs::path& store,
                         std::chrono::seconds timeout) {
    if (std::system("node --version > /dev/null 2>&1") != 0) {
        return fail(Errc::not_found, "node is not installed: cannot start the local lab inbox");
    }
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return fail(Errc::io, "pipe failed");
    std::vector<std::string> args{"node", (servers_dir / "tus-inbox.mjs").string(), "--dir",
                                  store.string()};
    pid_ = ::fork();
    if (pid_ < 0) return fail(Errc::io, "fork failed");
    if (pid_ == 0) {
        ::dup2(fds[1], 1);
        if (::chdir(servers_dir.c_str()) != 0) ::_exit(127);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execvp("node", argv.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        char buf[256];
        ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
        auto at = out.find("PORT ");
        if (at != std::string::npos && out.find('\n', at) != std::string::npos)
            port_ = std::atoi(out.c_str() + at + 5);
    }
    ::close(fds[0]);
    if (port_ == 0) {
        stop();
        return fail(Errc::timeout,
                    "the local lab inbox (node tus-inbox.mjs) did not report a port");
    }
    return ok();
}

void LocalInbox::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
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
}

}  // namespace intake::package
