#include "station/package/offset_committer.h"

namespace intake::package {

OffsetCommitter::OffsetCommitter(Outbox& outbox, int64_t job_id)
    : outbox_(outbox), job_id_(job_id) {
    thread_ = std::thread([this] { run(); });
}

OffsetCommitter::~OffsetCommitter() {
    (void)flush();
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

Status OffsetCommitter::post(uint64_t offset) {
    {
        std::lock_guard lock(mutex_);
        if (error_) return fail(*error_);
        pending_ = offset;
    }
    changed_.notify_all();
    return ok();
}

Status OffsetCommitter::flush() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return (!pending_ && !writing_) || error_.has_value(); });
    if (error_) return fail(*error_);
    return ok();
}

void OffsetCommitter::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [&] { return stop_ || pending_.has_value(); });
        if (!pending_) break;  // stopping with nothing left to write
        uint64_t offset = *pending_;
        pending_.reset();
        writing_ = true;
        lock.unlock();
        Status written = outbox_.set_offset(job_id_, offset);
        lock.lock();
        writing_ = false;
        if (!written && !error_) error_ = written.error();
        changed_.notify_all();
    }
}

}  // namespace intake::package
