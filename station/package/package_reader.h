// Reading and verifying a submission package: every listed file is present with the listed
// size and SHA-256, nothing unlisted is present, the package id matches the content and the
// manifest signature is valid, made by a pinned key. Each problem is named, so a person can
// see what is wrong.
//
// Packages come from outside (a USB stick, the lab, an attacker), so the reader is bounded:
// entry count, per-entry and total uncompressed size and compression ratio are checked from
// the zip's directory before anything is inflated, only entries the manifest lists are read,
// and they are streamed to the hash. A zip bomb is bad input (exit 3) in bounded memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "station/package/manifest.h"
#include "station/package/trust_store.h"

namespace intake::package {

struct ReadLimits {
    size_t max_entries = 256;
    uint64_t max_entry_bytes = uint64_t{1} << 30;  // one scan is tens of MB
    uint64_t max_total_bytes = uint64_t{4} << 30;
    uint64_t max_ratio = 100;  // uncompressed : compressed, for entries over 1 MiB
    uint64_t max_manifest_bytes = 1 << 20;
};

struct PackageContents {
    std::string manifest_text;
    std::string signature_hex;
    Manifest manifest;
    std::map<std::string, std::vector<std::byte>> files;  // the manifest's entries
    std::vector<std::string> unlisted;                    // present, not listed, never read
};

// Reads the manifest and every entry it lists. Fails when the zip or the manifest cannot be
// read at all or a limit is exceeded (bad_input); a damaged entry is corrupt.
Result<PackageContents> read_package(const std::filesystem::path& path,
                                     const ReadLimits& limits = {});

// The size and SHA-256 of each listed entry, streamed (nothing held but the manifest).
struct EntryDigest {
    uint64_t size = 0;
    std::string sha256;
};
struct PackageDigest {
    std::string manifest_text;
    std::string signature_hex;
    Manifest manifest;
    std::map<std::string, EntryDigest> files;
    std::vector<std::string> unlisted;
};
Result<PackageDigest> digest_package(const std::filesystem::path& path,
                                     const ReadLimits& limits = {});
// The same over bytes already in memory (`name` for messages): what is verified is what is
// then sealed, with no second read of a file that may have changed in between.
Result<PackageDigest> digest_package_bytes(std::span<const std::byte> zip, const std::string& name,
                                           const ReadLimits& limits = {});

struct VerifyReport {
    bool ok = false;
    std::string package_id;
    std::string signer;  // fingerprint of the key that signed the manifest
    size_t files_checked = 0;
    std::vector<std::string> problems;  // "scans/upper.stl: sha256 mismatch", ...
};

// With `trust`, the signing key must be one of the pinned keys, else the problem
// "manifest.sig: signed by an unknown key FINGERPRINT". Without it only the signature's
// validity against the manifest's own key is checked (used for the station's own packages).
VerifyReport verify_digest(const PackageDigest& digest, const TrustedKeys* trust);
VerifyReport verify_contents(const PackageContents& contents,
                             const std::string& trusted_public_key_hex = {});
// digest_package + verify_digest. An unreadable zip is an error; a bad hash is a report.
Result<VerifyReport> verify_package(const std::filesystem::path& path,
                                    const std::string& trusted_public_key_hex = {});
Result<VerifyReport> verify_package(const std::filesystem::path& path, const TrustedKeys& trust);

nlohmann::json to_json(const VerifyReport& report);

}  // namespace intake::package
