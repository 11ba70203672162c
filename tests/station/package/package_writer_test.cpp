// The submission package: deterministic bytes, a manifest that names its published schema
// (validated against docs/schemas/ by tests/schemas/validate.py on a real demo package), a
// signature and hashes that verify, and named failures for every kind of tampering.
#include "station/package/package_writer.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <csignal>
#include <fstream>
#include <map>

#include "base/atomic_file.h"
#include "base/file_io.h"
#include "base/sha256.h"
#include "station/package/package_reader.h"
#include "tests/station/package/test_support.h"

namespace intake::package {
namespace {

using test::TempDir;

StationKey key_in(const std::filesystem::path& home) {
    return load_or_create_station_key(home).value();
}

bool contains(const std::vector<std::string>& problems, const std::string& needle) {
    for (const auto& p : problems) {
        if (p.find(needle) != std::string::npos) return true;
    }
    return false;
}

TEST(PackageWriter, SameInputsGiveByteIdenticalZip) {
    TempDir home;
    auto key = key_in(home.path());
    auto a = build_package(test::sample_request(), key);
    auto b = build_package(test::sample_request(), key);
    ASSERT_TRUE(a) << a.error().to_string();
    ASSERT_TRUE(b);
    EXPECT_EQ(a->zip, b->zip);
    EXPECT_EQ(a->manifest.package_id.size(), 64u);
    // Entry order in the request does not matter either.
    auto reversed = test::sample_request();
    std::reverse(reversed.entries.begin(), reversed.entries.end());
    EXPECT_EQ(build_package(reversed, key)->zip, a->zip);
}

// Compression method of each entry, by name.
std::map<std::string, int> compression_of(const std::vector<std::byte>& zip_bytes) {
    std::map<std::string, int> out;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
    zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (za == nullptr) {
        zip_source_free(src);
        return out;
    }
    for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
        zip_stat_t st;
        if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) == 0)
            out[st.name] = st.comp_method;
    }
    zip_close(za);
    return out;
}

TEST(PackageWriter, IncompressibleEntriesAreStoredAndTextIsDeflated) {
    TempDir home;
    auto key = key_in(home.path());
    auto request = test::sized_request(600'000, 21);  // random bytes as an octet-stream scan
    auto built = build_package(request, key);
    ASSERT_TRUE(built) << built.error().to_string();
    auto methods = compression_of(built->zip);
    EXPECT_EQ(methods["scans/upper.bin"], ZIP_CM_STORE);
    EXPECT_EQ(methods["manifest.json"], ZIP_CM_DEFLATE);
    EXPECT_EQ(methods["prescription.txt"], ZIP_CM_DEFLATE);
    auto sample = build_package(test::sample_request(), key);
    auto sample_methods = compression_of(sample->zip);
    EXPECT_EQ(sample_methods["scans/upper-raw.obj"], ZIP_CM_DEFLATE);  // OBJ text compresses
    EXPECT_EQ(sample_methods["photos/frontal.png"], ZIP_CM_STORE);
    // Still byte-deterministic, and it verifies.
    EXPECT_EQ(build_package(request, key)->zip, built->zip);
    auto out = home.path() / "random.zip";
    ASSERT_TRUE(write_file_atomic(out, built->zip));
    auto report = verify_package(out);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->ok);
}

TEST(PackageWriter, PackageIdDependsOnContentOnly) {
    TempDir home;
    auto key = key_in(home.path());
    auto request = test::sample_request();
    auto a = build_package(request, key);
    request.created_at = "2027-01-01T00:00:00Z";
    auto b = build_package(request, key);
    EXPECT_EQ(a->manifest.package_id, b->manifest.package_id);
    EXPECT_NE(a->zip, b->zip);
    request.entries[0].bytes.push_back(std::byte{'\n'});
    EXPECT_NE(build_package(request, key)->manifest.package_id, a->manifest.package_id);
}

TEST(PackageWriter, ManifestListsEveryFileWithRoleSizeAndHash) {
    TempDir home;
    auto request = test::sample_request();
    auto built = build_package(request, key_in(home.path()));
    ASSERT_TRUE(built);
    ASSERT_EQ(built->manifest.files.size(), request.entries.size());
    for (const auto& f : built->manifest.files) {
        auto it = std::find_if(request.entries.begin(), request.entries.end(),
                               [&](auto& e) { return e.path == f.path; });
        ASSERT_NE(it, request.entries.end());
        EXPECT_EQ(f.role, it->role);
        EXPECT_EQ(f.size, it->bytes.size());
        EXPECT_EQ(f.sha256, sha256_hex(it->bytes));
    }
    EXPECT_TRUE(std::is_sorted(built->manifest.files.begin(), built->manifest.files.end(),
                               [](auto& a, auto& b) { return a.path < b.path; }));
}

TEST(PackageWriter, RejectsUnknownRoleAndReservedPath) {
    TempDir home;
    auto key = key_in(home.path());
    auto request = test::sample_request();
    request.entries[0].role = "selfie";
    auto r = build_package(request, key);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_NE(r.error().message.find("selfie"), std::string::npos);
    request = test::sample_request();
    request.entries[0].path = "manifest.json";
    EXPECT_FALSE(build_package(request, key));
    request.entries[0].path = "../escape.txt";
    EXPECT_FALSE(build_package(request, key));
}

TEST(PackageVerify, GoodPackageVerifies) {
    TempDir dir;
    auto key = key_in(dir.path());
    auto out = dir.path() / "pkg.zip";
    auto manifest = write_package(test::sample_request(), key, out);
    ASSERT_TRUE(manifest) << manifest.error().to_string();
    auto report = verify_package(out, key.public_hex());
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->ok) << (report->problems.empty() ? "" : report->problems.front());
    EXPECT_EQ(report->files_checked, manifest->files.size());
    EXPECT_EQ(report->package_id, manifest->package_id);
}

// Rewrites one entry of a zip in place, as a tamperer would.
void replace_entry(const std::filesystem::path& zip_path, const std::string& name,
                   const std::string& text) {
    int err = 0;
    zip_t* za = zip_open(zip_path.c_str(), 0, &err);
    ASSERT_NE(za, nullptr);
    char* copy = static_cast<char*>(malloc(text.size()));
    memcpy(copy, text.data(), text.size());
    zip_source_t* src = zip_source_buffer(za, copy, text.size(), 1);
    zip_int64_t idx = zip_name_locate(za, name.c_str(), 0);
    if (idx >= 0) {
        ASSERT_EQ(zip_file_replace(za, static_cast<zip_uint64_t>(idx), src, 0), 0);
    } else {
        ASSERT_GE(zip_file_add(za, name.c_str(), src, 0), 0);
    }
    ASSERT_EQ(zip_close(za), 0);
}

std::string hex_of(const std::array<unsigned char, 64>& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

TEST(PackageWriter, ManifestNamesItsSchemaAndStaysDeterministic) {
    TempDir home;
    auto key = key_in(home.path());
    auto built = build_package(test::sample_request(), key);
    ASSERT_TRUE(built);
    const std::string text = manifest_text(built->manifest);
    auto manifest = nlohmann::json::parse(text);
    EXPECT_EQ(manifest["$schema"],
              "https://intake-station.invalid/schemas/package-manifest.schema.json");
    EXPECT_EQ(text.find("{\n  \"$schema\": "), 0u) << "sorted keys put $schema first";
    EXPECT_EQ(manifest_text(built->manifest), text);
}

// A package written before the manifest named its schema (no "$schema" key, signed as it was)
// still reads and verifies, with the same package id.
TEST(PackageVerify, PackageFromBeforeTheSchemaKeyStillVerifies) {
    TempDir dir;
    auto key = key_in(dir.path());
    auto out = dir.path() / "old.zip";
    auto written = write_package(test::sample_request(), key, out);
    ASSERT_TRUE(written) << written.error().to_string();
    auto old = nlohmann::json::parse(manifest_text(*written));
    ASSERT_EQ(old.erase("$schema"), 1u);
    const std::string old_text = old.dump(2) + "\n";
    replace_entry(out, "manifest.json", old_text);
    replace_entry(out, "manifest.sig", hex_of(key.sign(old_text)) + "\n");
    auto contents = read_package(out);
    ASSERT_TRUE(contents) << contents.error().to_string();
    EXPECT_EQ(contents->manifest_text, old_text);
    auto report = verify_package(out, key.public_hex());
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->ok) << (report->problems.empty() ? "" : report->problems.front());
    EXPECT_EQ(report->package_id, written->package_id);
    EXPECT_EQ(report->files_checked, written->files.size());
}

TEST(PackageVerify, NamesTheTamperedFile) {
    TempDir dir;
    auto key = key_in(dir.path());
    auto out = dir.path() / "pkg.zip";
    ASSERT_TRUE(write_package(test::sample_request(), key, out));
    replace_entry(out, "prescription.txt", "Remove all attachments.\n");
    auto report = verify_package(out);
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok);
    EXPECT_TRUE(contains(report->problems, "prescription.txt: size")) << report->problems.front();
    EXPECT_TRUE(contains(report->problems, "prescription.txt: sha256 mismatch"));
}

TEST(PackageVerify, NamesABadSignatureAndAnExtraFile) {
    TempDir dir;
    auto key = key_in(dir.path());
    auto out = dir.path() / "pkg.zip";
    ASSERT_TRUE(write_package(test::sample_request(), key, out));
    replace_entry(out, "manifest.sig", std::string(128, 'a') + "\n");
    replace_entry(out, "extra.txt", "smuggled\n");
    auto report = verify_package(out);
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok);
    EXPECT_TRUE(contains(report->problems, "manifest.sig: signature does not verify"));
    EXPECT_TRUE(contains(report->problems, "extra.txt: present but not in the manifest"));
}

TEST(PackageVerify, EditedManifestFailsSignature) {
    TempDir dir;
    auto key = key_in(dir.path());
    auto out = dir.path() / "pkg.zip";
    auto manifest = write_package(test::sample_request(), key, out);
    ASSERT_TRUE(manifest);
    Manifest edited = *manifest;
    edited.patient_id = "P-9999";
    replace_entry(out, "manifest.json", manifest_text(edited));
    auto report = verify_package(out);
    ASSERT_TRUE(report);
    EXPECT_TRUE(contains(report->problems, "manifest.sig"));
    // Trusting a different station key is reported even when the signature is self-consistent.
    TempDir other;
    auto report2 = verify_package(dir.path() / "pkg.zip", key_in(other.path()).public_hex());
    EXPECT_TRUE(contains(report2->problems, "signed by an unknown key"));
}

TEST(PackageVerify, FlippedByteIsNamed) {
    TempDir dir;
    auto key = key_in(dir.path());
    auto out = dir.path() / "pkg.zip";
    ASSERT_TRUE(write_package(test::sample_request(), key, out));
    auto bytes = test::read_all(out);
    bytes[bytes.size() / 2] ^= std::byte{0x40};  // inside the photos or scans
    ASSERT_TRUE(write_file_atomic(out, bytes));
    auto report = verify_package(out);
    ASSERT_TRUE(report) << report.error().to_string();
    ASSERT_FALSE(report->ok);
    EXPECT_NE(report->problems.front().find("/"), std::string::npos) << report->problems.front();
}

TEST(PackageVerify, NotAZipIsBadInput) {
    TempDir dir;
    auto path = dir.path() / "junk.zip";
    ASSERT_TRUE(write_file_atomic(path, std::string_view("not a zip at all")));
    auto r = verify_package(path);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::bad_input);
    EXPECT_NE(r.error().message.find("junk.zip"), std::string::npos);
}

// A full disk (RLIMIT_FSIZE) while packaging: a clear no-space error and nothing left behind.
TEST(PackageWriter, FullDiskLeavesNothingBehind) {
    TempDir dir;
    auto key = key_in(dir.path());
    auto out_dir = dir.path() / "out";
    std::filesystem::create_directories(out_dir);
    pid_t pid = ::fork();
    if (pid == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{1 << 20, 1 << 20};  // 1 MiB: the package is several MB
        ::setrlimit(RLIMIT_FSIZE, &limit);
        auto r = write_package(test::sample_request(), key, out_dir / "pkg.zip");
        int code = r ? 1 : (r.error().code == Errc::no_space ? 0 : 2);
        if (!r && r.error().message.find("pkg.zip") == std::string::npos) code = 3;
        ::_exit(code);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0)
        << "1: wrote anyway, 2: wrong code, 3: message lacks the file";
    EXPECT_TRUE(std::filesystem::is_empty(out_dir));
}

TEST(StationKey, CreatedOnceWithMode0600) {
    TempDir home;
    auto a = load_or_create_station_key(home.path());
    ASSERT_TRUE(a);
    auto b = load_or_create_station_key(home.path());
    ASSERT_TRUE(b);
    EXPECT_EQ(a->public_key, b->public_key);
    struct stat st {};
    ASSERT_EQ(::stat((home.path() / "keys" / "station.ed25519").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ::chmod((home.path() / "keys" / "station.ed25519").c_str(), 0644);
    auto c = load_or_create_station_key(home.path());
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Errc::access_denied);
}

}  // namespace
}  // namespace intake::package
