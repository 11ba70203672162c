// Decrypts a sealed package ahead of the sender: a producer thread reads the secretstream
// sequentially into a small bounded ring of chunk buffers while the caller's thread has curl
// send the previous chunk, so decryption (one core) overlaps the network (curl, the kernel and
// the server). The caller gets each chunk as a span into the ring (no copy on our side) and
// hands the buffer back when the server acknowledged it.
//
// Order is the only guarantee: chunks come out in plaintext order, whatever the threads' timing.
// The producer owns the SealedReader while this object lives.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "base/result.h"
#include "station/package/sealed_file.h"

namespace intake::package {

struct PlainChunk {
    uint64_t offset = 0;  // plaintext offset of bytes[0]
    std::span<const std::byte> bytes;
    int slot = -1;  // ring slot, for release()
};

class DecryptAhead {
  public:
    // Starts decrypting `reader` from `offset` in pieces of `chunk_bytes`, with at most `depth`
    // buffers decrypted or being decrypted ahead of the one the caller holds.
    DecryptAhead(SealedReader& reader, uint64_t offset, size_t chunk_bytes, size_t depth = 2);
    ~DecryptAhead();  // stop()
    DecryptAhead(const DecryptAhead&) = delete;
    DecryptAhead& operator=(const DecryptAhead&) = delete;

    // The next chunk in plaintext order; blocks until it is decrypted. After the last chunk,
    // or after an error, every call returns the same end (an empty chunk) or error.
    Result<PlainChunk> next();
    // Gives the chunk's buffer back to the producer.
    void release(const PlainChunk& chunk);

    // Stops the producer and waits for it (it finishes the chunk it is decrypting).
    void stop();
    // CPU time the producer thread has spent (decrypting and reading the file), in seconds;
    // final once stop() returned.
    double producer_cpu_seconds() const;

  private:
    struct Ready {
        int slot;
        uint64_t offset;
        size_t size;
    };
    void run();
    bool produce_one(int slot, uint64_t offset);

    SealedReader& reader_;
    const uint64_t start_;
    const size_t chunk_bytes_;
    std::vector<std::unique_ptr<std::byte[]>> buffers_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<int> free_;     // slots the producer may fill
    std::deque<Ready> ready_;  // decrypted, in order
    std::optional<Error> error_;
    bool finished_ = false;  // the producer reached the end (or failed)
    bool stop_ = false;
    double producer_cpu_ = 0;
    std::thread thread_;
};

}  // namespace intake::package
