// Shared helpers for the package tests: a scratch folder, a package request built from the real
// files in testdata/, and child processes (the tus server, the cutting proxy) started on an
// ephemeral loopback port and stopped by PID, every wait bounded by time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "station/appointment/node_server.h"
#include "station/package/package_writer.h"
#include "station/package/uploader.h"
#include "tests/support/temp_dir.h"

namespace intake::package::test {

namespace fs = std::filesystem;

using intake::test::TempDir;

std::vector<std::byte> read_all(const fs::path& path);
std::vector<std::byte> random_bytes(size_t n, unsigned seed);

// A request with real scans and photos from testdata/ plus a prescription and a QA report.
PackageRequest sample_request();
// A request whose one scan is `n` pseudo-random bytes (sizes the upload tests need).
PackageRequest sized_request(size_t n, unsigned seed);

// Small chunks and millisecond backoffs, so upload tests retry many times in little time.
inline UploadPolicy quick_policy(int max_attempts = 20) {
    UploadPolicy p;
    p.chunk_bytes = 64 * 1024;
    p.initial_backoff = std::chrono::milliseconds(1);
    p.max_backoff = std::chrono::milliseconds(5);
    p.max_attempts = max_attempts;
    return p;
}

// A child process running `node <script> args...` from tests/servers, which prints "PORT n".
class NodeProcess {
  public:
    // Starts and waits (at most `timeout`) for the port line. False if node cannot run it.
    bool start(const std::string& script, const std::vector<std::string>& args,
               std::chrono::seconds timeout = std::chrono::seconds(20));
    void stop(int signal = 15) { server_.stop(signal); }
    int port() const { return server_.port(); }
    pid_t pid() const { return server_.pid(); }

  private:
    appointment::NodeServer server_;  // the same launcher the demo's lab inbox uses
};

// True when node and the npm modules in tests/servers are present.
bool tus_server_available();

// Finished uploads in a @tus/file-store folder: (metadata package_id, file bytes) for every
// upload whose stored offset equals its size.
struct StoredUpload {
    std::string id;
    std::string package_id;
    uint64_t size = 0;
    uint64_t offset = 0;
};
std::vector<StoredUpload> stored_uploads(const fs::path& dir);

}  // namespace intake::package::test
