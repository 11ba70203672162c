#include "base/sha256.h"

#include <sodium.h>

#include "base/file_io.h"

namespace intake {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "state buffer too small");

namespace {
crypto_hash_sha256_state* as_state(unsigned char* raw) {
    return reinterpret_cast<crypto_hash_sha256_state*>(raw);
}
}  // namespace

Sha256::Sha256() : state_{} { crypto_hash_sha256_init(as_state(state_)); }

void Sha256::update(std::span<const std::byte> bytes) {
    crypto_hash_sha256_update(as_state(state_),
                              reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

void Sha256::update(std::string_view text) {
    update(std::as_bytes(std::span<const char>(text.data(), text.size())));
}

Digest256 Sha256::digest() {
    Digest256 out{};
    crypto_hash_sha256_final(as_state(state_), out.data());
    return out;
}

std::string Sha256::hex() {
    Digest256 d = digest();
    return to_hex(d);
}

std::string sha256_hex(std::span<const std::byte> bytes) {
    Sha256 h;
    h.update(bytes);
    return h.hex();
}

std::string sha256_hex(std::string_view text) {
    Sha256 h;
    h.update(text);
    return h.hex();
}

Result<std::string> sha256_file_hex(const std::filesystem::path& path) {
    auto mapped = MappedFile::open(path);
    if (!mapped) return fail(mapped.error());
    return sha256_hex(mapped->bytes());
}

std::string to_hex(std::span<const unsigned char> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0xF]);
    }
    return out;
}

}  // namespace intake
