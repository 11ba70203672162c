// Reading and verifying a submission package: every listed file is present with the listed
// size and SHA-256, nothing unlisted is present, the package id matches the content and the
// manifest signature is valid. Each problem is named, so a person can see what is wrong.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "station/package/manifest.h"

namespace intake::package {

struct PackageContents {
    std::string manifest_text;
    std::string signature_hex;
    Manifest manifest;
    std::map<std::string, std::vector<std::byte>> files;  // every entry but manifest/signature
};

// Reads every entry. Fails when the zip or the manifest cannot be read at all.
Result<PackageContents> read_package(const std::filesystem::path& path);

struct VerifyReport {
    bool ok = false;
    std::string package_id;
    size_t files_checked = 0;
    std::vector<std::string> problems;  // "scans/upper.stl: sha256 mismatch", ...
};

VerifyReport verify_contents(const PackageContents& contents,
                             const std::string& trusted_public_key_hex = {});
// read_package + verify_contents. An unreadable zip is an error; a bad hash is a report.
Result<VerifyReport> verify_package(const std::filesystem::path& path,
                                    const std::string& trusted_public_key_hex = {});

nlohmann::json to_json(const VerifyReport& report);

}  // namespace intake::package
