// The PIN pepper: 32 random bytes in <home>/keys/pin-pepper (0600, in a 0700 folder), never in
// the database. PIN hashes are argon2id over HMAC-SHA256(pepper, PIN), so a copied station.db
// alone cannot be brute-forced through the small space of 6-digit PINs.
#pragma once

#include <filesystem>
#include <string>

#include "base/result.h"

namespace intake::record {

inline constexpr size_t kPinPepperBytes = 32;

// <home>/keys/pin-pepper
std::filesystem::path pin_pepper_path(const std::filesystem::path& home);

// Reads the pepper. not_found when the file is absent; access_denied when group or others may
// read it or it is not a regular file; corrupt when it is not exactly 32 bytes.
Result<std::string> load_pin_pepper(const std::filesystem::path& file);

// Reads the pepper, or creates it when absent: written to a fresh temporary file, synced, then
// linked into place, so it never replaces an existing one (two processes racing both end up with
// the one that was linked first).
Result<std::string> load_or_create_pin_pepper(const std::filesystem::path& file);

}  // namespace intake::record
