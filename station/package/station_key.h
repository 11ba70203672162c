// The station's secrets: the Ed25519 signing key for manifests and the symmetric key that
// seals queued packages at rest. Both live in `<home>/keys/` (0700) as 0600 files, outside the
// outbox folder, so a copied outbox alone cannot be read.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace intake::package {

struct StationKey {
    std::array<unsigned char, 32> public_key{};
    std::array<unsigned char, 64> secret_key{};

    std::string public_hex() const;
    // "st-" + the first 12 hex digits of the public key: stable for the life of the key.
    std::string station_id() const;
    std::array<unsigned char, 64> sign(std::string_view message) const;
};

using SealKey = std::array<unsigned char, 32>;

// Loads `<home>/keys/station.ed25519`, creating it (and the 0700 folder) on first use. The
// creation never replaces a key (link, not rename): two processes racing both end up with the
// one that landed first.
Result<StationKey> load_or_create_station_key(const std::filesystem::path& home);
// Loads the station key if it exists; never creates one.
Result<std::optional<StationKey>> load_station_key(const std::filesystem::path& home);
// Loads `<home>/keys/outbox.key`, creating it on first use (never replacing one).
Result<SealKey> load_or_create_seal_key(const std::filesystem::path& home);
// Loads the seal key if it exists; never creates one.
Result<std::optional<SealKey>> load_seal_key(const std::filesystem::path& home);
// A name for a seal key that does not reveal it: SHA-256 over a label and the key, 32 digits.
std::string seal_key_id(const SealKey& key);

// Ed25519 detached signature check; public key and signature as hex.
bool verify_signature(std::string_view message, std::string_view signature_hex,
                      std::string_view public_key_hex);

// Lowercase hex to bytes; fails on odd length or a non-hex digit.
Result<std::string> hex_decode(std::string_view hex);

}  // namespace intake::package
