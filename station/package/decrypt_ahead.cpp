#include "station/package/decrypt_ahead.h"

#include <time.h>

namespace intake::package {

namespace {

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

DecryptAhead::DecryptAhead(SealedReader& reader, uint64_t offset, size_t chunk_bytes, size_t depth)
    : reader_(reader), start_(offset), chunk_bytes_(std::max<size_t>(chunk_bytes, 1)) {
    // depth ahead + the one the sender holds; buffers are not zero-filled (they are overwritten).
    size_t count = std::max<size_t>(depth, 1) + 1;
    uint64_t left = reader.size() > offset ? reader.size() - offset : 0;
    size_t needed = static_cast<size_t>((left + chunk_bytes_ - 1) / chunk_bytes_);
    count = std::max<size_t>(std::min(count, needed), 1);  // a small package needs fewer
    size_t each =
        static_cast<size_t>(std::min<uint64_t>(chunk_bytes_, std::max<uint64_t>(left, 1)));
    for (size_t i = 0; i < count; ++i) {
        buffers_.push_back(std::make_unique_for_overwrite<std::byte[]>(each));
        free_.push_back(static_cast<int>(i));
    }
    thread_ = std::thread([this] { run(); });
}

DecryptAhead::~DecryptAhead() { stop(); }

void DecryptAhead::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

// Decrypts the chunk at `offset` into `slot`; false when the stream ended or failed.
bool DecryptAhead::produce_one(int slot, uint64_t offset) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(chunk_bytes_, reader_.size() - offset));
    auto got = reader_.read(std::span(buffers_[static_cast<size_t>(slot)].get(), want));
    std::lock_guard lock(mutex_);
    if (!got || *got != want) {
        error_ = got ? Error{Errc::corrupt, "sealed package ended early at plaintext offset " +
                                                std::to_string(offset + *got)}
                     : got.error();
        finished_ = true;
        return false;
    }
    ready_.push_back({slot, offset, want});
    return true;
}

void DecryptAhead::run() {
    double cpu0 = thread_cpu_seconds();
    auto record_cpu = [&] {
        std::lock_guard lock(mutex_);
        producer_cpu_ = thread_cpu_seconds() - cpu0;
    };
    if (auto sought = reader_.seek(start_); !sought) {
        std::lock_guard lock(mutex_);
        error_ = sought.error();
        finished_ = true;
        changed_.notify_all();
        return;
    }
    uint64_t offset = start_;
    while (true) {
        int slot = -1;
        {
            std::unique_lock lock(mutex_);
            if (offset >= reader_.size()) finished_ = true;
            changed_.notify_all();
            if (finished_) break;
            changed_.wait(lock, [&] { return stop_ || !free_.empty(); });
            if (stop_) break;
            slot = free_.front();
            free_.pop_front();
        }
        bool more = produce_one(slot, offset);
        record_cpu();
        changed_.notify_all();
        if (!more) break;
        offset += std::min<uint64_t>(chunk_bytes_, reader_.size() - offset);
    }
    record_cpu();
}

Result<PlainChunk> DecryptAhead::next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
    if (!ready_.empty()) {
        Ready r = ready_.front();
        ready_.pop_front();
        return PlainChunk{r.offset, std::span(buffers_[static_cast<size_t>(r.slot)].get(), r.size),
                          r.slot};
    }
    if (error_) return fail(*error_);
    return PlainChunk{};  // the end
}

void DecryptAhead::release(const PlainChunk& chunk) {
    if (chunk.slot < 0) return;
    {
        std::lock_guard lock(mutex_);
        free_.push_back(chunk.slot);
    }
    changed_.notify_all();
}

double DecryptAhead::producer_cpu_seconds() const {
    std::lock_guard lock(mutex_);
    return producer_cpu_;
}

}  // namespace intake::package
