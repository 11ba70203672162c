#include "station/package/station_key.h"

#include <sodium.h>
#include <sys/stat.h>

#include <system_error>

#include "base/atomic_file.h"
#include "base/file_io.h"
#include "base/sha256.h"

namespace intake::package {

namespace fs = std::filesystem;

std::string StationKey::public_hex() const { return to_hex(public_key); }

std::string StationKey::station_id() const { return "st-" + public_hex().substr(0, 12); }

std::array<unsigned char, 64> StationKey::sign(std::string_view message) const {
    std::array<unsigned char, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         secret_key.data());
    return sig;
}

Result<std::string> hex_decode(std::string_view hex) {
    if (hex.size() % 2 != 0) return fail(Errc::bad_input, "hex text has odd length");
    std::string out(hex.size() / 2, '\0');
    size_t bin_len = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                       hex.size(), nullptr, &bin_len, nullptr) != 0 ||
        bin_len != out.size()) {
        return fail(Errc::bad_input, "hex text has a non-hex digit");
    }
    return out;
}

bool verify_signature(std::string_view message, std::string_view signature_hex,
                      std::string_view public_key_hex) {
    auto sig = hex_decode(signature_hex);
    auto pk = hex_decode(public_key_hex);
    if (!sig || !pk || sig->size() != crypto_sign_BYTES ||
        pk->size() != crypto_sign_PUBLICKEYBYTES) {
        return false;
    }
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                       reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(),
                                       reinterpret_cast<const unsigned char*>(pk->data())) == 0;
}

namespace {

Status ensure_key_dir(const fs::path& dir) {
    INTAKE_TRY(create_private_directories(dir));  // the home too, when this is the first use
    ::chmod(dir.c_str(), 0700);
    return ok();
}

// Reads a secret of exactly `size` bytes; nullopt when the file does not exist.
Result<std::optional<std::string>> load_secret(const fs::path& path, size_t size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::optional<std::string>();
    if ((st.st_mode & 077) != 0)
        return fail(Errc::access_denied, path.string() + ": key file must be mode 0600");
    auto bytes = read_file_bytes(path, 4096);
    if (!bytes) return fail(bytes.error());
    if (bytes->size() != size) {
        return fail(Errc::corrupt, path.string() + ": key has " + std::to_string(bytes->size()) +
                                       " bytes, expected " + std::to_string(size));
    }
    return std::optional(std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

// Reads a secret of exactly `size` bytes, or creates one with `make` and stores it 0600. The
// new file is linked into place, never renamed over: a key another process created first
// wins and is the one returned, so no package is ever signed or sealed with a lost key.
template <typename Make>
Result<std::string> load_or_create_secret(const fs::path& path, size_t size, Make make) {
    auto existing = load_secret(path, size);
    if (!existing) return fail(existing.error());
    if (*existing) return std::move(**existing);
    INTAKE_TRY(ensure_key_dir(path.parent_path()));
    std::string secret = make();
    auto file = AtomicFile::create(path);  // 0600 from mkostemp, before any secret byte
    if (!file) return fail(file.error());
    INTAKE_TRY(file->write(secret));
    Status created = file->commit_new();
    if (!created && created.error().code == Errc::conflict) {
        auto theirs = load_secret(path, size);
        if (!theirs) return fail(theirs.error());
        if (*theirs) return std::move(**theirs);
    }
    if (!created) return fail(created.error());
    return secret;
}

StationKey station_key_from(const std::string& secret) {
    StationKey key;
    std::copy(secret.begin(), secret.end(), reinterpret_cast<char*>(key.secret_key.data()));
    crypto_sign_ed25519_sk_to_pk(key.public_key.data(), key.secret_key.data());
    return key;
}

SealKey seal_key_from(const std::string& secret) {
    SealKey key{};
    std::copy(secret.begin(), secret.end(), reinterpret_cast<char*>(key.data()));
    return key;
}

}  // namespace

Result<StationKey> load_or_create_station_key(const fs::path& home) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    auto secret =
        load_or_create_secret(home / "keys" / "station.ed25519", crypto_sign_SECRETKEYBYTES, [] {
            StationKey k;
            crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
            return std::string(reinterpret_cast<const char*>(k.secret_key.data()),
                               k.secret_key.size());
        });
    if (!secret) return fail(secret.error());
    return station_key_from(*secret);
}

Result<std::optional<StationKey>> load_station_key(const fs::path& home) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    auto secret = load_secret(home / "keys" / "station.ed25519", crypto_sign_SECRETKEYBYTES);
    if (!secret) return fail(secret.error());
    if (!*secret) return std::optional<StationKey>();
    return std::optional(station_key_from(**secret));
}

Result<SealKey> load_or_create_seal_key(const fs::path& home) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    auto secret = load_or_create_secret(
        home / "keys" / "outbox.key", crypto_secretstream_xchacha20poly1305_KEYBYTES, [] {
            SealKey k{};
            crypto_secretstream_xchacha20poly1305_keygen(k.data());
            return std::string(reinterpret_cast<const char*>(k.data()), k.size());
        });
    if (!secret) return fail(secret.error());
    return seal_key_from(*secret);
}

Result<std::optional<SealKey>> load_seal_key(const fs::path& home) {
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    auto secret =
        load_secret(home / "keys" / "outbox.key", crypto_secretstream_xchacha20poly1305_KEYBYTES);
    if (!secret) return fail(secret.error());
    if (!*secret) return std::optional<SealKey>();
    return std::optional(seal_key_from(**secret));
}

std::string seal_key_id(const SealKey& key) {
    Sha256 h;
    h.update("intake outbox seal key id\n");
    h.update(
        std::span<const std::byte>(reinterpret_cast<const std::byte*>(key.data()), key.size()));
    return h.hex().substr(0, 32);
}

}  // namespace intake::package
