// A node script run as a child process on 127.0.0.1: started, its "PORT n"
// line awaited (bounded by time), and stopped by PID. The lab inbox of the demo and the
// benchmark and the servers of the upload tests (tus inbox, cutting proxy) all start this way.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"

namespace intake::appointment {

class NodeServer {
  public:
    NodeServer() = default;
    NodeServer(const NodeServer&) = delete;
    NodeServer& operator=(const NodeServer&) = delete;
    ~NodeServer() { stop(); }

    // Runs `node <script> args... --lifeline stdin` in `servers_dir` and waits for the port it
    // prints. The script exits when its stdin reaches end-of-file, i.e. when this process ends
    // (also by kill -9), so no server outlives the station that started it.
    // `own_process_group`: the tests kill servers mid-upload and want them out of the
    // terminal's group; the demo keeps its inbox in its own group so Ctrl-C stops both.
    Status start(const std::filesystem::path& servers_dir, const std::string& script,
                 const std::vector<std::string>& args, std::chrono::seconds timeout,
                 bool own_process_group = false);

    // Sends `signal`, waits up to 10 s, then SIGKILL. A no-op when not running.
    void stop(int signal = SIGTERM);

    int port() const { return port_; }
    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    int lifeline_ = -1;  // the write end of the child's stdin, held until stop()
};

}  // namespace intake::appointment
