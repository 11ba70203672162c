// Packages at rest in the outbox are sealed with libsodium's secretstream (XChaCha20-Poly1305,
// 64 KiB chunks, the last one tagged FINAL), so a flipped byte, a truncation or a reordering is
// detected. The stream is sequential: seeking backwards restarts from the header and seeking
// forward decrypts the skipped chunks; that costs far less than the network does.
//
// File layout: magic | u64 LE plaintext size | 24-byte stream header | chunks. Magic
// "INTKSEA2" (written since format 2): every message carries as associated data the 16-byte
// prefix and the job's package id, so a file renamed to another job's name, or with its
// length field changed, fails authentication. "INTKSEAL" (the first format, no associated
// data) is still read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "station/package/station_key.h"

namespace intake::package {

inline constexpr size_t kSealChunk = 64 * 1024;

// Encrypts `plain` to `sealed` atomically (nothing at `sealed` on failure).
Status seal_bytes(std::span<const std::byte> plain, const SealKey& key,
                  const std::filesystem::path& sealed, std::string_view package_id = {});

class SealedReader {
  public:
    // `package_id` must be the one the file was sealed for (ignored for the first format).
    static Result<SealedReader> open(const std::filesystem::path& sealed, const SealKey& key,
                                     std::string_view package_id = {});

    SealedReader(SealedReader&& other) noexcept;
    SealedReader& operator=(SealedReader&& other) noexcept;
    SealedReader(const SealedReader&) = delete;
    SealedReader& operator=(const SealedReader&) = delete;
    ~SealedReader();

    uint64_t size() const { return size_; }
    uint64_t position() const { return position_; }

    // Positions the plaintext cursor; errors are Errc::corrupt naming the file.
    Status seek(uint64_t offset);
    // Fills `out` as far as the plaintext allows; returns the count (0 at the end).
    Result<size_t> read(std::span<std::byte> out);

  private:
    SealedReader() = default;
    Status rewind();
    // Decrypts the next stream message into `dst` (room for kSealChunk bytes), or into chunk_
    // when `dst` is null; returns the plaintext length.
    Result<size_t> pull_next(std::byte* dst);
    Status next_chunk();

    std::filesystem::path path_;
    SealKey key_{};
    std::string package_id_;
    std::string ad_;  // associated data of every message (empty for the first format)
    int fd_ = -1;
    uint64_t size_ = 0;
    uint64_t position_ = 0;              // plaintext offset of the next byte read() returns
    uint64_t chunk_start_ = 0;           // plaintext offset of the current message
    size_t chunk_len_ = 0;               // its plaintext length
    bool chunk_buffered_ = false;        // whether chunk_ holds it (read() may decrypt in place)
    std::vector<std::byte> chunk_;       // current decrypted message when buffered
    std::vector<unsigned char> cipher_;  // reused read buffer for one sealed message
    bool final_seen_ = false;
    alignas(
        16) unsigned char state_[64]{};  // crypto_secretstream_xchacha20poly1305_state (52 bytes)
};

// Decrypts a whole sealed file (checks every tag); used by tests and `outbox status --check`.
Result<std::vector<std::byte>> unseal_file(const std::filesystem::path& sealed, const SealKey& key,
                                           std::string_view package_id = {});

}  // namespace intake::package
