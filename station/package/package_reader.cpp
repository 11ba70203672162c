#include "station/package/package_reader.h"

#include <zip.h>

#include <memory>

#include "base/sha256.h"
#include "station/package/station_key.h"

namespace intake::package {

namespace {

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

Result<std::vector<std::byte>> read_entry(zip_t* za, zip_uint64_t index, const std::string& where) {
    zip_stat_t st;
    if (zip_stat_index(za, index, 0, &st) != 0)
        return fail(Errc::bad_input, where + ": " + zip_strerror(za));
    zip_file_t* zf = zip_fopen_index(za, index, 0);
    if (zf == nullptr) return fail(Errc::bad_input, where + ": " + zip_strerror(za));
    std::vector<std::byte> bytes(st.size);
    zip_int64_t got = zip_fread(zf, bytes.data(), bytes.size());
    bool short_read = got != static_cast<zip_int64_t>(bytes.size());
    std::string err = short_read ? zip_file_strerror(zf) : "";
    zip_fclose(zf);
    // A flipped byte in compressed data surfaces here as a CRC error from libzip.
    if (short_read) return fail(Errc::corrupt, where + ": " + err);
    return bytes;
}

}  // namespace

Result<PackageContents> read_package(const std::filesystem::path& path) {
    int code = 0;
    std::unique_ptr<zip_t, ZipCloser> za(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!za) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        std::string msg = path.string() + ": not a readable package: " + zip_error_strerror(&error);
        zip_error_fini(&error);
        return fail(code == ZIP_ER_NOENT ? Errc::not_found : Errc::bad_input, msg);
    }
    PackageContents contents;
    zip_int64_t count = zip_get_num_entries(za.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* name = zip_get_name(za.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
        std::string entry = name ? name : "";
        auto bytes =
            read_entry(za.get(), static_cast<zip_uint64_t>(i), path.string() + ": " + entry);
        if (!bytes) return fail(bytes.error());
        std::string_view as_text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
        if (entry == "manifest.json") {
            contents.manifest_text = std::string(as_text);
        } else if (entry == "manifest.sig") {
            contents.signature_hex = std::string(as_text.substr(0, as_text.find_first_of("\r\n")));
        } else {
            contents.files.emplace(entry, std::move(bytes.value()));
        }
    }
    if (contents.manifest_text.empty())
        return fail(Errc::bad_input, path.string() + ": no manifest.json");
    auto manifest = parse_manifest(contents.manifest_text, path.string() + ": manifest.json");
    if (!manifest) return fail(manifest.error());
    contents.manifest = std::move(manifest.value());
    return contents;
}

namespace {

void check_files(const PackageContents& c, VerifyReport& report) {
    for (const auto& f : c.manifest.files) {
        auto it = c.files.find(f.path);
        if (it == c.files.end()) {
            report.problems.push_back(f.path + ": listed in the manifest but missing");
            continue;
        }
        ++report.files_checked;
        if (it->second.size() != f.size) {
            report.problems.push_back(f.path + ": size " + std::to_string(it->second.size()) +
                                      " differs from the manifest's " + std::to_string(f.size));
        }
        if (sha256_hex(it->second) != f.sha256)
            report.problems.push_back(f.path + ": sha256 mismatch");
        if (!is_known_role(f.role))
            report.problems.push_back(f.path + ": unknown role '" + f.role + "'");
    }
    for (const auto& [name, bytes] : c.files) {
        bool listed = false;
        for (const auto& f : c.manifest.files) listed = listed || f.path == name;
        if (!listed) report.problems.push_back(name + ": present but not in the manifest");
    }
}

}  // namespace

VerifyReport verify_contents(const PackageContents& c, const std::string& trusted_public_key_hex) {
    VerifyReport report;
    report.package_id = c.manifest.package_id;
    check_files(c, report);
    if (compute_package_id(c.manifest.files) != c.manifest.package_id) {
        report.problems.push_back("manifest.json: package_id does not match the listed content");
    }
    if (c.signature_hex.empty()) {
        report.problems.push_back("manifest.sig: missing");
    } else if (!verify_signature(c.manifest_text, c.signature_hex, c.manifest.station_public_key)) {
        report.problems.push_back("manifest.sig: signature does not verify with the station key");
    }
    if (!trusted_public_key_hex.empty() &&
        trusted_public_key_hex != c.manifest.station_public_key) {
        report.problems.push_back("manifest.json: station_public_key is not the trusted key");
    }
    report.ok = report.problems.empty();
    return report;
}

Result<VerifyReport> verify_package(const std::filesystem::path& path,
                                    const std::string& trusted_public_key_hex) {
    auto contents = read_package(path);
    if (!contents) {
        if (contents.error().code == Errc::corrupt) {
            VerifyReport report;  // a damaged entry is a finding about this package
            report.problems.push_back(contents.error().message);
            return report;
        }
        return fail(contents.error());
    }
    return verify_contents(contents.value(), trusted_public_key_hex);
}

nlohmann::json to_json(const VerifyReport& report) {
    return {{"ok", report.ok},
            {"package_id", report.package_id},
            {"files_checked", report.files_checked},
            {"problems", report.problems}};
}

}  // namespace intake::package
