// Hostile packages: a zip bomb (1 GB of zeros deflated to about 1 MB) must be bad input (exit
// 3) in bounded memory, measured on the real `intake package verify` process; too many
// entries, unlisted entries and oversized manifests are refused by name. Label: security.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "station/package/package_reader.h"
#include "tests/station/package/test_support.h"

namespace intake::package {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

void put16(std::string& s, unsigned v) {
    s += static_cast<char>(v & 0xff);
    s += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& s, uint32_t v) {
    put16(s, v & 0xffff);
    put16(s, v >> 16);
}

struct RawEntry {
    std::string name;
    std::string data;  // as stored (deflated when method 8)
    uint16_t method = 0;
    uint32_t crc = 0;
    uint32_t size = 0;  // uncompressed
};

// A minimal zip written by hand, so an entry can claim and hold what a real writer would
// never produce (the bomb's deflate stream is made here, not by libzip).
std::string raw_zip(const std::vector<RawEntry>& entries) {
    std::string out, central;
    for (const auto& e : entries) {
        uint32_t offset = static_cast<uint32_t>(out.size());
        put32(out, 0x04034b50);
        put16(out, 20), put16(out, 0), put16(out, e.method), put16(out, 0), put16(out, 0x21);
        put32(out, e.crc), put32(out, static_cast<uint32_t>(e.data.size())), put32(out, e.size);
        put16(out, static_cast<unsigned>(e.name.size())), put16(out, 0);
        out += e.name + e.data;
        put32(central, 0x02014b50);
        put16(central, 20), put16(central, 20), put16(central, 0), put16(central, e.method);
        put16(central, 0), put16(central, 0x21);
        put32(central, e.crc), put32(central, static_cast<uint32_t>(e.data.size()));
        put32(central, e.size);
        put16(central, static_cast<unsigned>(e.name.size())), put16(central, 0);
        put16(central, 0), put16(central, 0), put16(central, 0), put32(central, 0);
        put32(central, offset);
        central += e.name;
    }
    uint32_t cd_offset = static_cast<uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0), put16(out, 0);
    put16(out, static_cast<unsigned>(entries.size())),
        put16(out, static_cast<unsigned>(entries.size()));
    put32(out, static_cast<uint32_t>(central.size())), put32(out, cd_offset), put16(out, 0);
    return out;
}

RawEntry stored(const std::string& name, const std::string& data) {
    RawEntry e{name, data, 0, 0, static_cast<uint32_t>(data.size())};
    e.crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    return e;
}

// `total` zero bytes as a raw deflate stream, built in 1 MiB steps (never all in memory).
RawEntry zeros_deflated(const std::string& name, uint32_t total) {
    RawEntry e{name, {}, 8, 0, total};
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    std::vector<Bytef> in(1 << 20, 0), out(1 << 16);
    uLong crc = crc32(0, nullptr, 0);
    for (uint32_t done = 0; done < total;) {
        uInt n = static_cast<uInt>(std::min<uint32_t>(in.size(), total - done));
        crc = crc32(crc, in.data(), n);
        done += n;
        z.next_in = in.data();
        z.avail_in = n;
        int flush = done == total ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = out.data();
            z.avail_out = static_cast<uInt>(out.size());
            deflate(&z, flush);
            e.data.append(reinterpret_cast<char*>(out.data()), out.size() - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    e.crc = static_cast<uint32_t>(crc);
    return e;
}

std::string manifest_listing(const std::string& path, uint64_t size) {
    nlohmann::json m = {{"schema_version", 2},
                        {"package_id", std::string(64, '0')},
                        {"station_id", "st-x"},
                        {"station_public_key", std::string(64, '0')},
                        {"lab", {{"id", "lab"}, {"rule_pack_version", "1"}}},
                        {"case_id", "C-1"},
                        {"patient_id", "P-1"},
                        {"created_at", "2026-11-23T13:00:00Z"},
                        {"files",
                         {{{"path", path},
                           {"role", "scan-upper"},
                           {"media_type", "model/stl"},
                           {"size", size},
                           {"sha256", std::string(64, '0')}}}}};
    return m.dump(2) + "\n";
}

void write_text(const fs::path& p, const std::string& s) {
    std::ofstream(p, std::ios::binary).write(s.data(), static_cast<std::streamsize>(s.size()));
}

struct Measured {
    int code = -1;
    long max_rss_kb = 0;
};

// Runs `intake package verify FILE` and reads the child's peak RSS from wait4.
Measured verify_in_child(const fs::path& home, const fs::path& file) {
    pid_t pid = ::fork();
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 1);
        ::dup2(devnull, 2);
        std::string h = "--home=" + home.string();
        ::execl(INTAKE_BINARY_DIR "/station/cli/intake", "intake", h.c_str(), "package", "verify",
                file.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    rusage ru{};
    ::wait4(pid, &status, 0, &ru);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ru.ru_maxrss};
}

TEST(ReaderLimits, ZipBombIsBadInputInBoundedMemory) {
    TempDir d;
    constexpr uint32_t kGigabyte = 1'000'000'000;
    auto bomb = zeros_deflated("scans/upper.stl", kGigabyte);
    ASSERT_LT(bomb.data.size(), 2u << 20) << "the bomb should deflate to about 1 MB";
    auto file = d.path() / "bomb.zip";
    write_text(file, raw_zip({stored("manifest.json", manifest_listing(bomb.name, kGigabyte)),
                              stored("manifest.sig", std::string(128, '0') + "\n"), bomb}));
    auto read = digest_package(file);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, Errc::bad_input);
    EXPECT_NE(read.error().message.find("zip bomb"), std::string::npos) << read.error().message;
    EXPECT_NE(read.error().message.find("scans/upper.stl"), std::string::npos);

    auto run = verify_in_child(d.path(), file);
    EXPECT_EQ(run.code, 3);
#if defined(__SANITIZE_ADDRESS__)
    // ASan's shadow memory alone costs ~200 MB per process: the bound is on what the bomb adds
    // to an ordinary refusal of bad input (an empty file) by the same build.
    write_text(d.path() / "empty.zip", "");
    long baseline = verify_in_child(d.path(), d.path() / "empty.zip").max_rss_kb;
    EXPECT_LT(run.max_rss_kb - baseline, 100 * 1024)
        << "peak RSS " << run.max_rss_kb << " KiB vs " << baseline << " KiB";
#else
    EXPECT_LT(run.max_rss_kb, 100 * 1024) << "peak RSS " << run.max_rss_kb << " KiB";
#endif
    std::cout << "zip bomb: exit " << run.code << ", peak RSS " << run.max_rss_kb / 1024
              << " MiB\n";
}

TEST(ReaderLimits, TooManyEntriesAreRefusedBeforeReading) {
    TempDir d;
    std::vector<RawEntry> entries{stored("manifest.json", manifest_listing("a", 1))};
    for (int i = 0; i < 300; ++i) entries.push_back(stored("e" + std::to_string(i), "x"));
    write_text(d.path() / "many.zip", raw_zip(entries));
    auto read = digest_package(d.path() / "many.zip");
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, Errc::bad_input);
    EXPECT_NE(read.error().message.find("301 entries"), std::string::npos) << read.error().message;
}

TEST(ReaderLimits, OversizedEntryAndManifestAreRefused) {
    TempDir d;
    ReadLimits small;
    small.max_entry_bytes = 1000;
    small.max_manifest_bytes = 100;
    write_text(d.path() / "big.zip", raw_zip({stored("manifest.json", manifest_listing("a", 1)),
                                              stored("a", std::string(5000, 'a'))}));
    auto big = digest_package(d.path() / "big.zip", small);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, Errc::bad_input);
    small.max_entry_bytes = 1 << 20;
    auto manifest = digest_package(d.path() / "big.zip", small);
    ASSERT_FALSE(manifest);
    EXPECT_NE(manifest.error().message.find("manifest.json is too large"), std::string::npos);
}

// An entry the manifest does not list is never inflated, only named: a corrupt one (bad CRC)
// does not even surface as a read error.
TEST(ReaderLimits, UnlistedEntriesAreNamedNotRead) {
    TempDir d;
    auto hidden = stored("payload.bin", std::string(4096, 'p'));
    hidden.crc ^= 1;  // reading it would fail the CRC check
    write_text(d.path() / "extra.zip", raw_zip({stored("manifest.json", manifest_listing("a", 1)),
                                                stored("a", "a"), hidden}));
    auto read = digest_package(d.path() / "extra.zip");
    ASSERT_TRUE(read) << read.error().to_string();
    ASSERT_EQ(read->unlisted.size(), 1u);
    EXPECT_EQ(read->unlisted.front(), "payload.bin");
    auto report = verify_digest(*read, nullptr);
    EXPECT_FALSE(report.ok);
    bool named = false;
    for (const auto& p : report.problems)
        named |= p == "payload.bin: present but not in the manifest";
    EXPECT_TRUE(named);
}

}  // namespace
}  // namespace intake::package
