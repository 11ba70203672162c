// Writes a submission package: a deterministic zip (fixed timestamps, entries sorted by name,
// compression fixed per media type) holding manifest.json, manifest.sig (Ed25519 over the
// manifest text) and the content files. The same request gives a byte-identical zip.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"
#include "station/package/manifest.h"
#include "station/package/station_key.h"

namespace intake::package {

struct PackageEntry {
    std::string path;  // inside the zip; "manifest.json"/"manifest.sig" are reserved
    std::string role;
    std::string media_type;
    std::vector<std::byte> bytes;
};

struct PackageRequest {
    std::string lab_id;
    std::string rule_pack_version;
    std::string case_id;
    std::string lab_case_id;
    std::string patient_id;
    std::string created_at;  // an input, so rebuilding gives the same bytes
    std::string station_id;  // empty: derived from the station key
    std::vector<PackageEntry> entries;
};

struct BuiltPackage {
    Manifest manifest;
    std::vector<std::byte> zip;  // the complete package
};

// Builds the zip in memory; fails on an unknown role, a duplicate or reserved path.
Result<BuiltPackage> build_package(const PackageRequest& request, const StationKey& key);

// build_package, then an atomic write to `out` (nothing at `out` on failure, e.g. a full disk).
Result<Manifest> write_package(const PackageRequest& request, const StationKey& key,
                               const std::filesystem::path& out);

// The media type for a file name's extension ("application/octet-stream" when unknown).
std::string media_type_for(const std::filesystem::path& name);

}  // namespace intake::package
