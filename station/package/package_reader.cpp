#include "station/package/package_reader.h"

#include <zip.h>

#include <functional>
#include <memory>

#include "base/sha256.h"
#include "station/package/station_key.h"

namespace intake::package {

namespace {

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

constexpr uint64_t kRatioFloor = 1 << 20;  // small entries may compress as well as they like
constexpr size_t kStreamChunk = 64 * 1024;

Result<Zip> open_file(const std::filesystem::path& path) {
    int code = 0;
    Zip za(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (za) return za;
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string msg = path.string() + ": not a readable package: " + zip_error_strerror(&error);
    zip_error_fini(&error);
    return fail(code == ZIP_ER_NOENT ? Errc::not_found : Errc::bad_input, msg);
}

Result<Zip> open_bytes(std::span<const std::byte> bytes, const std::string& name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (src == nullptr) return fail(Errc::internal, name + ": " + zip_error_strerror(&error));
    Zip za(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    if (!za) {
        zip_source_free(src);
        std::string msg = name + ": not a readable package: " + zip_error_strerror(&error);
        zip_error_fini(&error);
        return fail(Errc::bad_input, msg);
    }
    return za;
}

// Everything the zip's directory says, checked against the limits before any inflating.
Status check_directory(zip_t* za, const std::string& where, const ReadLimits& limits) {
    zip_int64_t count = zip_get_num_entries(za, 0);
    if (count < 0 || static_cast<uint64_t>(count) > limits.max_entries) {
        return fail(Errc::bad_input, where + ": " + std::to_string(count) +
                                         " entries (a package holds at most " +
                                         std::to_string(limits.max_entries) + ")");
    }
    uint64_t total = 0;
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t st;
        if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0)
            return fail(Errc::bad_input, where + ": " + zip_strerror(za));
        std::string name = st.name ? st.name : "";
        if (st.size > limits.max_entry_bytes) {
            return fail(Errc::bad_input, where + ": " + name + ": " + std::to_string(st.size) +
                                             " bytes uncompressed (at most " +
                                             std::to_string(limits.max_entry_bytes) + ")");
        }
        if (st.size > kRatioFloor &&
            st.size / std::max<uint64_t>(st.comp_size, 1) > limits.max_ratio) {
            return fail(Errc::bad_input,
                        where + ": " + name + ": compresses " +
                            std::to_string(st.size / std::max<uint64_t>(st.comp_size, 1)) +
                            ":1 (at most " + std::to_string(limits.max_ratio) +
                            ":1): refused as a zip bomb");
        }
        total += st.size;
        if (total > limits.max_total_bytes) {
            return fail(Errc::bad_input, where + ": more than " +
                                             std::to_string(limits.max_total_bytes) +
                                             " bytes uncompressed in all");
        }
    }
    return ok();
}

// Streams one entry through `sink`, never more than its directory size (+1 to catch a lie).
Status stream_entry(zip_t* za, zip_uint64_t index, const std::string& where,
                    const std::function<void(std::span<const std::byte>)>& sink,
                    uint64_t& size_out) {
    zip_stat_t st;
    if (zip_stat_index(za, index, 0, &st) != 0)
        return fail(Errc::bad_input, where + ": " + zip_strerror(za));
    zip_file_t* zf = zip_fopen_index(za, index, 0);
    if (zf == nullptr) return fail(Errc::bad_input, where + ": " + zip_strerror(za));
    std::vector<std::byte> buf(kStreamChunk);
    uint64_t got = 0;
    while (true) {
        zip_int64_t n = zip_fread(zf, buf.data(), buf.size());
        if (n < 0) {
            // A flipped byte in compressed data surfaces here as a CRC error from libzip.
            std::string err = zip_file_strerror(zf);
            zip_fclose(zf);
            return fail(Errc::corrupt, where + ": " + err);
        }
        if (n == 0) break;
        got += static_cast<uint64_t>(n);
        if (got > st.size) {
            zip_fclose(zf);
            return fail(Errc::corrupt, where + ": more data than the zip directory says");
        }
        sink(std::span<const std::byte>(buf.data(), static_cast<size_t>(n)));
    }
    zip_fclose(zf);
    if (got != st.size) return fail(Errc::corrupt, where + ": truncated entry");
    size_out = got;
    return ok();
}

Result<std::string> read_small(zip_t* za, const char* name, const std::string& where,
                               uint64_t max_bytes) {
    zip_int64_t index = zip_name_locate(za, name, 0);
    if (index < 0) return std::string();
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(index), 0, &st) != 0 || st.size > max_bytes)
        return fail(Errc::bad_input, where + ": " + name + " is too large");
    std::string text;
    uint64_t size = 0;
    INTAKE_TRY(stream_entry(
        za, static_cast<zip_uint64_t>(index), where + ": " + name,
        [&](auto bytes) { text.append(reinterpret_cast<const char*>(bytes.data()), bytes.size()); },
        size));
    return text;
}

using EntrySink = std::function<void(const std::string&, std::span<const std::byte>)>;

// The manifest, then each listed entry streamed to its hash (and to `sink` when given).
Result<PackageDigest> digest_zip(zip_t* za, const std::string& where, const ReadLimits& limits,
                                 const EntrySink& sink) {
    INTAKE_TRY(check_directory(za, where, limits));
    PackageDigest d;
    auto text = read_small(za, "manifest.json", where, limits.max_manifest_bytes);
    if (!text) return fail(text.error());
    if (text->empty()) return fail(Errc::bad_input, where + ": no manifest.json");
    d.manifest_text = std::move(*text);
    auto sig = read_small(za, "manifest.sig", where, 4096);
    if (!sig) return fail(sig.error());
    d.signature_hex = sig->substr(0, sig->find_first_of("\r\n"));
    auto manifest = parse_manifest(d.manifest_text, where + ": manifest.json");
    if (!manifest) return fail(manifest.error());
    d.manifest = std::move(manifest.value());
    for (const auto& f : d.manifest.files) {
        zip_int64_t index = zip_name_locate(za, f.path.c_str(), 0);
        if (index < 0 || d.files.count(f.path)) continue;  // reported as missing by verify
        Sha256 hash;
        EntryDigest entry;
        INTAKE_TRY(stream_entry(
            za, static_cast<zip_uint64_t>(index), where + ": " + f.path,
            [&](std::span<const std::byte> bytes) {
                hash.update(bytes);
                if (sink) sink(f.path, bytes);
            },
            entry.size));
        entry.sha256 = hash.hex();
        d.files.emplace(f.path, std::move(entry));
    }
    zip_int64_t count = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name = zip_get_name(za, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        std::string entry = name ? name : "";
        if (entry != "manifest.json" && entry != "manifest.sig" && !d.files.count(entry))
            d.unlisted.push_back(entry);
    }
    return d;
}

}  // namespace

Result<PackageDigest> digest_package(const std::filesystem::path& path, const ReadLimits& limits) {
    auto za = open_file(path);
    if (!za) return fail(za.error());
    return digest_zip(za->get(), path.string(), limits, {});
}

Result<PackageDigest> digest_package_bytes(std::span<const std::byte> zip, const std::string& name,
                                           const ReadLimits& limits) {
    auto za = open_bytes(zip, name);
    if (!za) return fail(za.error());
    return digest_zip(za->get(), name, limits, {});
}

Result<PackageContents> read_package(const std::filesystem::path& path, const ReadLimits& limits) {
    auto za = open_file(path);
    if (!za) return fail(za.error());
    PackageContents contents;
    auto d = digest_zip(za->get(), path.string(), limits,
                        [&](const std::string& name, std::span<const std::byte> bytes) {
                            auto& file = contents.files[name];
                            file.insert(file.end(), bytes.begin(), bytes.end());
                        });
    if (!d) return fail(d.error());
    contents.manifest_text = std::move(d->manifest_text);
    contents.signature_hex = std::move(d->signature_hex);
    contents.manifest = std::move(d->manifest);
    contents.unlisted = std::move(d->unlisted);
    return contents;
}

namespace {

void check_files(const PackageDigest& d, VerifyReport& report) {
    for (const auto& f : d.manifest.files) {
        auto it = d.files.find(f.path);
        if (it == d.files.end()) {
            report.problems.push_back(f.path + ": listed in the manifest but missing");
            continue;
        }
        ++report.files_checked;
        if (it->second.size != f.size) {
            report.problems.push_back(f.path + ": size " + std::to_string(it->second.size) +
                                      " differs from the manifest's " + std::to_string(f.size));
        }
        if (it->second.sha256 != f.sha256) report.problems.push_back(f.path + ": sha256 mismatch");
        if (!is_known_role(f.role))
            report.problems.push_back(f.path + ": unknown role '" + f.role + "'");
    }
    for (const auto& name : d.unlisted)
        report.problems.push_back(name + ": present but not in the manifest");
}

}  // namespace

VerifyReport verify_digest(const PackageDigest& d, const TrustedKeys* trust) {
    VerifyReport report;
    report.package_id = d.manifest.package_id;
    report.signer = key_fingerprint(d.manifest.station_public_key);
    check_files(d, report);
    if (compute_package_id(d.manifest) != d.manifest.package_id) {
        report.problems.push_back("manifest.json: package_id does not match the listed content");
    }
    if (d.signature_hex.empty()) {
        report.problems.push_back("manifest.sig: missing");
    } else if (!verify_signature(d.manifest_text, d.signature_hex, d.manifest.station_public_key)) {
        report.problems.push_back("manifest.sig: signature does not verify with the station key");
    }
    if (trust && !trust->contains(d.manifest.station_public_key)) {
        report.problems.push_back("manifest.sig: signed by an unknown key " + report.signer +
                                  " (neither this station's key nor one in keys/trusted/)");
    }
    report.ok = report.problems.empty();
    return report;
}

VerifyReport verify_contents(const PackageContents& c, const std::string& trusted_public_key_hex) {
    PackageDigest d{c.manifest_text, c.signature_hex, c.manifest, {}, c.unlisted};
    for (const auto& [name, bytes] : c.files) d.files[name] = {bytes.size(), sha256_hex(bytes)};
    TrustedKeys one{{trusted_public_key_hex}};
    return verify_digest(d, trusted_public_key_hex.empty() ? nullptr : &one);
}

namespace {

Result<VerifyReport> verify_path(const std::filesystem::path& path, const TrustedKeys* trust) {
    auto digest = digest_package(path);
    if (!digest) {
        if (digest.error().code == Errc::corrupt) {
            VerifyReport report;  // a damaged entry is a finding about this package
            report.problems.push_back(digest.error().message);
            return report;
        }
        return fail(digest.error());
    }
    return verify_digest(*digest, trust);
}

}  // namespace

Result<VerifyReport> verify_package(const std::filesystem::path& path,
                                    const std::string& trusted_public_key_hex) {
    TrustedKeys one{{trusted_public_key_hex}};
    return verify_path(path, trusted_public_key_hex.empty() ? nullptr : &one);
}

Result<VerifyReport> verify_package(const std::filesystem::path& path, const TrustedKeys& trust) {
    return verify_path(path, &trust);
}

nlohmann::json to_json(const VerifyReport& report) {
    return {{"ok", report.ok},
            {"package_id", report.package_id},
            {"signer", report.signer},
            {"files_checked", report.files_checked},
            {"problems", report.problems}};
}

}  // namespace intake::package
