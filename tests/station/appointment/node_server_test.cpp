// NodeServer's lifeline: a lab inbox started by a station that is then killed with SIGKILL must
// not outlive it (holding its port, its files and a patient's half-received package).
#include "station/appointment/node_server.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using intake::appointment::NodeServer;

namespace {

const fs::path kServers = fs::path(INTAKE_SOURCE_DIR) / "tests" / "servers";

// Gone, or a zombie nobody has reaped yet (a container's PID 1 may not reap orphans).
bool process_gone(pid_t pid) {
    if (::kill(pid, 0) != 0) return errno == ESRCH;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    auto close_paren = line.rfind(')');
    return close_paren != std::string::npos && close_paren + 2 < line.size() &&
           line[close_paren + 2] == 'Z';
}

bool accepts_connections(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

struct Started {
    pid_t node = -1;
    int port = 0;
};

// A "station" process: starts the inbox, reports node's pid and port, then waits to be killed.
pid_t start_station(const fs::path& store, Started& started) {
    int report[2];
    if (::pipe(report) != 0) return -1;
    pid_t station = ::fork();
    if (station == 0) {
        ::close(report[0]);
        NodeServer inbox;
        Started mine;
        if (inbox.start(kServers, "tus-inbox.mjs", {"--dir", store.string()},
                        std::chrono::seconds(60))) {
            mine = {inbox.pid(), inbox.port()};
        }
        if (::write(report[1], &mine, sizeof mine) != sizeof mine) ::_exit(1);
        for (;;) ::pause();
    }
    ::close(report[1]);
    if (::read(report[0], &started, sizeof started) != sizeof started) started = {};
    ::close(report[0]);
    return station;
}

}  // namespace

TEST(NodeServer, TheInboxEndsWhenTheStationThatStartedItIsKilled) {
    fs::path store = fs::temp_directory_path() / ("node-lifeline-" + std::to_string(::getpid()));
    Started started;
    pid_t station = start_station(store, started);
    ASSERT_GT(station, 0);
    ASSERT_GT(started.node, 0) << "the station could not start node tus-inbox.mjs";
    ASSERT_TRUE(accepts_connections(started.port)) << "the inbox is not listening";

    ::kill(station, SIGKILL);
    ::waitpid(station, nullptr, 0);

    // Liveness bound, not a timing target: node notices end-of-file at once.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!process_gone(started.node) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    bool gone = process_gone(started.node);
    if (!gone) ::kill(started.node, SIGKILL);
    EXPECT_TRUE(gone) << "node (pid " << started.node << ") outlived the killed station";
    EXPECT_FALSE(accepts_connections(started.port));
    fs::remove_all(store);
}

TEST(NodeServer, TheInboxKeepsRunningWhileItsStationLives) {
    fs::path store = fs::temp_directory_path() / ("node-alive-" + std::to_string(::getpid()));
    NodeServer inbox;
    ASSERT_TRUE(inbox.start(kServers, "tus-inbox.mjs", {"--dir", store.string()},
                            std::chrono::seconds(60)));
    pid_t node = inbox.pid();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_FALSE(process_gone(node)) << "the lifeline ended the server while its station lived";
    EXPECT_TRUE(accepts_connections(inbox.port()));
    inbox.stop();
    EXPECT_TRUE(process_gone(node));
    fs::remove_all(store);
}
