// SHA-256 (libsodium) for package ids, file hashes and the audit chain.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace intake {

using Digest256 = std::array<unsigned char, 32>;

// Incremental hasher: update() as data streams by, then hex() or digest() once.
class Sha256 {
  public:
    Sha256();
    void update(std::span<const std::byte> bytes);
    void update(std::string_view text);
    Digest256 digest();
    std::string hex();

  private:
    alignas(64) unsigned char state_[128];  // crypto_hash_sha256_state, kept opaque here
};

std::string sha256_hex(std::span<const std::byte> bytes);
std::string sha256_hex(std::string_view text);
Result<std::string> sha256_file_hex(const std::filesystem::path& path);

std::string to_hex(std::span<const unsigned char> bytes);

}  // namespace intake
