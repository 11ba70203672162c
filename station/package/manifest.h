// The package manifest: what a submission holds and who made it. Its JSON form is the contract
// with the lab (docs/schemas/package-manifest.schema.json); the package id is derived from the
// content so two packages with the same content have the same id, whatever their created-at. Since
// schema 2 the id also covers what the manifest says about the case (lab, rule pack, case,
// patient): a corrected resubmission with the same scans is a new package, not a duplicate.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intake::package {

inline constexpr int kManifestSchemaVersion = 2;  // 1 is still read (id over files only)

struct ManifestFile {
    std::string path;        // entry name inside the zip, e.g. "scans/upper.stl"
    std::string role;        // "scan-upper", "photo-frontal", "prescription", ...
    std::string media_type;  // "model/stl", "image/jpeg", ...
    uint64_t size = 0;
    std::string sha256;  // lowercase hex
};

struct Manifest {
    int schema_version = kManifestSchemaVersion;
    std::string package_id;  // see compute_package_id
    std::string station_id;
    std::string station_public_key;  // Ed25519, hex; manifest.sig is made with its secret half
    std::string lab_id;
    std::string rule_pack_version;
    std::string case_id;
    std::string lab_case_id;  // the lab's case number the refinement is submitted under
    std::string patient_id;
    std::string created_at;           // RFC 3339 UTC, e.g. "2026-11-23T13:00:00Z"
    std::vector<ManifestFile> files;  // sorted by path
};

// True for the roles the lab understands (see docs/package.md).
bool is_known_role(std::string_view role);

// Schema 1: SHA-256 over the "path\nsha256\n" lines of the files (sorted by path).
std::string compute_package_id(const std::vector<ManifestFile>& files);
// The id for the manifest's schema: 1 as above; 2 over "intake-package/2\n", the JSON array
// [lab id, rule pack version, case id, patient id] and a newline, then the file lines.
std::string compute_package_id(const Manifest& manifest);

nlohmann::json to_json(const Manifest& manifest);
// Canonical text: sorted keys, two-space indent, trailing newline. This exact text is signed.
std::string manifest_text(const Manifest& manifest);
Result<Manifest> parse_manifest(std::string_view text, std::string_view name = "manifest.json");

// "2026-11-23T13:00:00Z" for a Unix time.
std::string rfc3339_utc(int64_t unix_seconds);

}  // namespace intake::package
