#include "station/package/package_writer.h"

#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <set>

#include "base/atomic_file.h"
#include "base/sha256.h"

namespace intake::package {

namespace {

// Every entry's DOS date and time, written as such: 2000-01-01 12:00:00. zip_file_set_mtime
// would convert a time_t through the local time zone, so the bytes of a package would depend
// on the TZ of the station that built it.
constexpr zip_uint16_t kFixedDosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;
constexpr zip_uint16_t kFixedDosTime = 12 << 11;

bool already_compressed(const std::string& media_type) {
    return media_type == "image/jpeg" || media_type == "image/png" || media_type == "image/heic" ||
           media_type == "application/zip";
}

// Deflate only where it pays: a sample of the entry (its first 256 KiB) is deflated at level
// 1 and the entry is stored when that saves less than 3%. Random-looking data (encrypted
// blobs, already-compressed formats under another media type) costs deflate ~50 MB/s for
// nothing. The decision depends on the bytes only, so packages stay byte-deterministic.
bool worth_deflating(const std::vector<std::byte>& bytes) {
    constexpr size_t kSample = 256 * 1024;
    size_t n = std::min(bytes.size(), kSample);
    if (n < 512) return true;  // tiny entries: deflate as always, the cost is nothing
    uLongf out_len = compressBound(static_cast<uLong>(n));
    std::vector<Bytef> out(out_len);
    if (compress2(out.data(), &out_len, reinterpret_cast<const Bytef*>(bytes.data()),
                  static_cast<uLong>(n), 1) != Z_OK) {
        return true;
    }
    return out_len < n - n * 3 / 100;
}

struct ZipDeleter {
    void operator()(zip_t* z) const { zip_discard(z); }
};

Status add_entry(zip_t* za, const std::string& name, const std::byte* data, size_t size,
                 bool store) {
    zip_source_t* src = zip_source_buffer(za, data, size, 0);
    if (src == nullptr) return fail(Errc::internal, name + ": " + zip_strerror(za));
    zip_int64_t index = zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(src);
        return fail(Errc::internal, name + ": " + zip_strerror(za));
    }
    auto i = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(za, i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 6) !=
            0 ||
        zip_file_set_dostime(za, i, kFixedDosTime, kFixedDosDate, 0) != 0 ||
        zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0) {
        return fail(Errc::internal, name + ": " + zip_strerror(za));
    }
    return ok();
}

// Zips the given (name, bytes, store) list, already sorted, into memory.
struct ZipItem {
    std::string name;
    const std::vector<std::byte>* bytes;
    bool store;
};

Result<std::vector<std::byte>> zip_in_memory(const std::vector<ZipItem>& items) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (buffer == nullptr) return fail(Errc::internal, "zip buffer: out of memory");
    zip_source_keep(buffer);
    std::unique_ptr<zip_source_t, decltype(&zip_source_free)> hold(buffer, zip_source_free);
    std::unique_ptr<zip_t, ZipDeleter> za(zip_open_from_source(buffer, ZIP_TRUNCATE, &error));
    if (!za) return fail(Errc::internal, std::string("zip: ") + zip_error_strerror(&error));
    for (const auto& item : items) {
        INTAKE_TRY(
            add_entry(za.get(), item.name, item.bytes->data(), item.bytes->size(), item.store));
    }
    if (zip_close(za.get()) != 0)
        return fail(Errc::internal, std::string("zip: ") + zip_strerror(za.get()));
    za.release();  // zip_close freed it
    zip_stat_t st;
    if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0) {
        return fail(Errc::internal, "zip: cannot read back the archive");
    }
    std::vector<std::byte> out(st.size);
    zip_int64_t got = zip_source_read(buffer, out.data(), out.size());
    zip_source_close(buffer);
    if (got != static_cast<zip_int64_t>(out.size()))
        return fail(Errc::internal, "zip: short read back");
    return out;
}

Status check_entries(const std::vector<PackageEntry>& entries) {
    std::set<std::string> seen;
    for (const auto& e : entries) {
        if (e.path.empty() || e.path == "manifest.json" || e.path == "manifest.sig" ||
            e.path.front() == '/' || e.path.find("..") != std::string::npos) {
            return fail(Errc::invalid_argument,
                        "package entry '" + e.path + "': reserved or unsafe path");
        }
        if (!is_known_role(e.role)) {
            return fail(Errc::invalid_argument, e.path + ": unknown role '" + e.role + "'");
        }
        if (!seen.insert(e.path).second) {
            return fail(Errc::invalid_argument, e.path + ": listed twice");
        }
    }
    return ok();
}

}  // namespace

Result<BuiltPackage> build_package(const PackageRequest& request, const StationKey& key) {
    INTAKE_TRY(check_entries(request.entries));
    std::vector<const PackageEntry*> sorted;
    for (const auto& e : request.entries) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->path < b->path; });

    BuiltPackage built;
    Manifest& m = built.manifest;
    m.station_id = request.station_id.empty() ? key.station_id() : request.station_id;
    m.station_public_key = key.public_hex();
    m.lab_id = request.lab_id;
    m.rule_pack_version = request.rule_pack_version;
    m.case_id = request.case_id;
    m.lab_case_id = request.lab_case_id;
    m.patient_id = request.patient_id;
    m.created_at = request.created_at;
    for (const auto* e : sorted) {
        m.files.push_back({e->path, e->role, e->media_type, e->bytes.size(), sha256_hex(e->bytes)});
    }
    m.package_id = compute_package_id(m);

    std::string text = manifest_text(m);
    std::string sig_hex = to_hex(key.sign(text)) + "\n";
    std::vector<std::byte> manifest_bytes(
        reinterpret_cast<const std::byte*>(text.data()),
        reinterpret_cast<const std::byte*>(text.data()) + text.size());
    std::vector<std::byte> sig_bytes(
        reinterpret_cast<const std::byte*>(sig_hex.data()),
        reinterpret_cast<const std::byte*>(sig_hex.data()) + sig_hex.size());
    // manifest first so a reader can stream it; then content sorted by name.
    std::vector<ZipItem> items{{"manifest.json", &manifest_bytes, false},
                               {"manifest.sig", &sig_bytes, true}};
    for (const auto* e : sorted)
        items.push_back(
            {e->path, &e->bytes, already_compressed(e->media_type) || !worth_deflating(e->bytes)});
    auto zip = zip_in_memory(items);
    if (!zip) return fail(zip.error());
    built.zip = std::move(zip.value());
    return built;
}

Result<Manifest> write_package(const PackageRequest& request, const StationKey& key,
                               const std::filesystem::path& out) {
    auto built = build_package(request, key);
    if (!built) return fail(built.error());
    INTAKE_TRY(write_file_atomic(out, built->zip));
    return built->manifest;
}

std::string media_type_for(const std::filesystem::path& name) {
    std::string ext = name.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (ext == ".stl") return "model/stl";
    if (ext == ".ply") return "model/ply";
    if (ext == ".obj") return "model/obj";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".png") return "image/png";
    if (ext == ".json") return "application/json";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".pdf") return "application/pdf";
    if (ext == ".html") return "text/html; charset=utf-8";
    return "application/octet-stream";
}

}  // namespace intake::package
