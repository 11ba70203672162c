// Commits a job's acknowledged upload offset on a helper thread, so the next PATCH goes out
// while SQLite fsyncs (synchronous=FULL costs milliseconds per commit, and the network sat idle
// meanwhile). The stored offset is progress for `outbox status`; a resume always asks the server
// (HEAD), so an offset that lags behind by one chunk at a crash is harmless. Only the latest
// posted offset matters: older ones not yet written are skipped.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "base/result.h"
#include "station/package/outbox.h"

namespace intake::package {

class OffsetCommitter {
  public:
    // `outbox` is used from the helper thread while this object lives; the caller must not use
    // it at the same time (its connection is serialized, but errors would mix).
    OffsetCommitter(Outbox& outbox, int64_t job_id);
    ~OffsetCommitter();  // flush()es what was posted, then stops
    OffsetCommitter(const OffsetCommitter&) = delete;
    OffsetCommitter& operator=(const OffsetCommitter&) = delete;

    // Records `offset` to be committed; returns an earlier commit's failure, if any.
    Status post(uint64_t offset);
    // Waits until the last posted offset is committed; the first failure, if any.
    Status flush();

  private:
    void run();

    Outbox& outbox_;
    const int64_t job_id_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::optional<uint64_t> pending_;
    bool writing_ = false;
    bool stop_ = false;
    std::optional<Error> error_;
    std::thread thread_;
};

}  // namespace intake::package
