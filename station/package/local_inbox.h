// A lab inbox on this machine for the demo and the benchmark: the npm tus server in
// tests/servers (node + @tus/server) started on 127.0.0.1 with an ephemeral port and stopped by
// its PID. When node or the modules are missing, start() says so and callers fall back.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "base/result.h"
#include "station/package/node_server.h"

namespace intake::package {

// tests/servers under INTAKE_SERVERS_DIR, else found by walking up from `start` (the
// executable's folder) to the source tree.
Result<std::filesystem::path> find_servers_dir(const std::filesystem::path& start);

class LocalInbox {
  public:
    // Starts `node tus-inbox.mjs --dir store` and waits (bounded) for its port.
    Status start(const std::filesystem::path& servers_dir, const std::filesystem::path& store,
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

}  // namespace intake::package
