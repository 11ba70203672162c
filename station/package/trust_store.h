// The keys a package may be signed with: the station's own and those an administrator placed
// in `<home>/keys/trusted/*.pub` (a lab or a sister station). A package signed by any other
// key is refused, whatever key its manifest names: a self-signed package proves nothing.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intake::package {

struct TrustedKeys {
    std::vector<std::string> public_keys;  // Ed25519, lowercase hex
    bool contains(std::string_view public_key_hex) const;
};

// "SHA256:" + the first 32 hex digits of SHA-256 over the 32 key bytes.
std::string key_fingerprint(std::string_view public_key_hex);

// The station's key (if it exists; never created here) and every `<home>/keys/trusted/*.pub`
// (64 hex digits, optional trailing newline). A malformed .pub is bad_input naming the file.
Result<TrustedKeys> load_trusted_keys(const std::filesystem::path& home);

}  // namespace intake::package
