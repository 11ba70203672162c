// A lab inbox on this machine for the demo and the benchmark: the tus server shipped in the
// station's data dir (lab-inbox/tus-inbox.mjs with its npm modules: node + @tus/server) started
// on 127.0.0.1 with an ephemeral port and stopped by its PID. When node or the modules are
// missing, start() says so and callers fall back.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "base/result.h"
#include "station/appointment/node_server.h"

namespace intake::appointment {

// <data dir>/lab-inbox when it holds tus-inbox.mjs and node_modules/@tus/server; else not_found
// naming the folder and what is missing.
Result<std::filesystem::path> find_lab_inbox_server();

class LocalInbox {
  public:
    // Starts `node tus-inbox.mjs --dir store` from `server_dir` and waits (bounded) for its port.
    Status start(const std::filesystem::path& server_dir, const std::filesystem::path& store,
                 std::chrono::seconds timeout = std::chrono::seconds(20));
    // The same with the server from the data dir (find_lab_inbox_server()).
    Status start(const std::filesystem::path& store,
                 std::chrono::seconds timeout = std::chrono::seconds(20));
    void stop() { server_.stop(); }
    std::string endpoint() const {
        return "http://127.0.0.1:" + std::to_string(server_.port()) + "/files/";
    }
    int port() const { return server_.port(); }
    pid_t pid() const { return server_.pid(); }

  private:
    NodeServer server_;
};

}  // namespace intake::appointment
