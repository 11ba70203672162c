// Sends outbox jobs through a Transport, resuming from what the server says it holds. Before
// every (re)start it asks the server (HEAD) and takes the server's offset, because a server
// may keep part of a chunk that the client never saw acknowledged. Plaintext is decrypted from
// the sealed file ahead of the sender on a second thread (DecryptAhead), so the bytes that
// arrive are the package itself and decryption overlaps the network.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "base/result.h"
#include "station/package/outbox.h"
#include "station/package/transport.h"

namespace intake::package {

struct UploadPolicy {
    size_t chunk_bytes = 8 * 1024 * 1024;  // tus PATCH size (4–8 MiB in production)
    size_t decrypt_ahead = 2;              // chunks decrypted ahead of the one being sent
    int max_attempts = 8;                  // per job per run, then the job waits for the next run
    std::chrono::milliseconds initial_backoff{500};
    std::chrono::milliseconds max_backoff{30'000};
    // More tus Upload-Metadata for a job, e.g. `case_id` and `lab_case_id` from the station's
    // submission history, so the lab files the upload under its case before opening it. The
    // keys the uploader sets itself (package_id, filename, sha256, intent) always win.
    std::function<std::map<std::string, std::string>(const OutboxJob&)> job_metadata;
};

// Where the run's time went, summed over its jobs (the benchmark prints these).
struct UploadTimings {
    double send_seconds = 0;          // inside Transport::append: curl, the network, the server
    double wait_decrypt_seconds = 0;  // the sender waiting for the next decrypted chunk
    double decrypt_cpu_seconds = 0;   // CPU time of the decrypt-ahead thread
    double commit_seconds = 0;        // waiting for offset commits (SQLite, synchronous=FULL)
    double query_seconds = 0;         // creation and HEAD requests
    int patches = 0;
};

struct RunSummary {
    int uploaded = 0;
    int failed = 0;    // permanently, this run
    int deferred = 0;  // still queued after max_attempts (network down, server busy)
    std::string last_error;
    // Creations whose answer never got recorded (a kill or a lost answer between POST and
    // storing the URL): each may have left an empty upload on the server. See docs/outbox.md.
    int possible_orphans = 0;
    UploadTimings timings;
};

using UploadLog = std::function<void(const std::string&)>;

// Uploads every pending job once through `transport`; returns when none is left to try.
// `stop` is polled between requests and during back-off sleeps.
Result<RunSummary> upload_pending(Outbox& outbox, Transport& transport, const UploadPolicy& policy,
                                  const std::atomic<bool>& stop, const UploadLog& log = {});

// The uploader thread: opens its own Outbox (its own connection: `database` a postgresql:// URL
// for the practice's shared outbox, else <home>/outbox/outbox.db) and its own transport,
// then runs upload_pending until stopped (or one full pass, when `once`). What join() returns
// is summed over every pass, so a summary taken at SIGTERM still counts what was uploaded.
class UploaderThread {
  public:
    using MakeTransport = std::function<Result<std::unique_ptr<Transport>>()>;
    UploaderThread(std::filesystem::path home, MakeTransport make, UploadPolicy policy, bool once,
                   std::chrono::milliseconds poll, UploadLog log = {}, std::string database = {});
    ~UploaderThread();
    void stop();
    // True once the thread has left its loop (after its one pass when `once`).
    bool finished() const { return finished_.load(); }
    // Waits for the thread; returns what its passes did, summed.
    Result<RunSummary> join();

  private:
    void run();
    std::filesystem::path home_;
    std::string database_;
    MakeTransport make_;
    UploadPolicy policy_;
    bool once_;
    std::chrono::milliseconds poll_;
    UploadLog log_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> finished_{false};
    Result<RunSummary> result_{RunSummary{}};
    std::thread thread_;
};

}  // namespace intake::package
