// Attacks on what the station trusts and keeps: a package signed by a key nobody pinned, a
// package swapped between verification and sealing, a corrected resubmission passing as a
// duplicate, a station or seal key replaced or lost, a sealed file moved under another job,
// package bytes that depend on the time zone. Label: security.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <set>
#include <thread>

#include "base/atomic_file.h"
#include "base/sha256.h"
#include "station/package/outbox.h"
#include "station/package/package_reader.h"
#include "station/package/sealed_file.h"
#include "station/package/trust_store.h"
#include "tests/station/package/test_support.h"
#include "tests/support/cli_runner.h"

namespace intake::package {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

void write_bytes(const fs::path& p, const std::vector<std::byte>& bytes) {
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
}

void trust(const fs::path& home, const StationKey& key, const std::string& name) {
    fs::create_directories(home / "keys" / "trusted");
    std::ofstream(home / "keys" / "trusted" / (name + ".pub")) << key.public_hex() << "\n";
}

// A package signed by a key of its own verifies against that key alone; pinned, it is refused.
TEST(IntegritySecurity, PackageSignedByAnUnpinnedKeyIsRefused) {
    TempDir station, stranger;
    ASSERT_TRUE(load_or_create_station_key(station.path()));
    auto other = load_or_create_station_key(stranger.path()).value();
    auto pkg = station.path() / "forged.zip";
    ASSERT_TRUE(write_package(test::sized_request(5000, 1), other, pkg));

    auto trusted = load_trusted_keys(station.path()).value();
    auto report = verify_package(pkg, trusted).value();
    EXPECT_FALSE(report.ok);
    ASSERT_FALSE(report.problems.empty());
    std::string fp = key_fingerprint(other.public_hex());
    EXPECT_NE(report.problems.front().find("signed by an unknown key " + fp), std::string::npos)
        << report.problems.front();
    auto box = Outbox::open(station.path());
    ASSERT_TRUE(box);
    auto added = box->add(pkg);
    ASSERT_FALSE(added);
    EXPECT_NE(added.error().message.find("unknown key"), std::string::npos);
    EXPECT_TRUE(box->jobs()->empty());

    auto cli = ::intake::test::run_intake("package verify " + ::intake::test::shell_quote(pkg),
                                          stranger.path(), {.home = station.path()});
    EXPECT_EQ(cli.code, 1) << cli.err;
    EXPECT_NE(cli.err.find("signed by an unknown key " + fp), std::string::npos) << cli.err;

    trust(station.path(), other, "sister-station");  // an administrator pins it
    EXPECT_TRUE(verify_package(pkg, load_trusted_keys(station.path()).value())->ok);
    EXPECT_TRUE(box->add(pkg));
}

TEST(IntegritySecurity, MalformedTrustedKeyFileIsNamed) {
    TempDir home;
    fs::create_directories(home.path() / "keys" / "trusted");
    std::ofstream(home.path() / "keys" / "trusted" / "lab.pub") << "not a key\n";
    auto t = load_trusted_keys(home.path());
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, Errc::bad_input);
    EXPECT_NE(t.error().message.find("lab.pub"), std::string::npos);
}

// The file is swapped between a good and a tampered package while it is being queued: what
// is sealed must always be what was verified.
TEST(IntegritySecurity, OutboxAddSealsExactlyTheBytesItVerified) {
    TempDir work;
    auto key = load_or_create_station_key(work.path() / "signer").value();
    auto good = build_package(test::sized_request(300'000, 2), key).value().zip;
    auto bad = good;
    bad[bad.size() / 2] ^= std::byte{0x40};  // inside the stored scan: its hash breaks
    write_bytes(work.path() / "good.zip", good);
    write_bytes(work.path() / "bad.zip", bad);
    auto target = work.path() / "incoming.zip";
    write_bytes(target, good);
    std::atomic<bool> stop{false};
    std::thread swapper([&] {
        for (int i = 0; !stop.load(); ++i) {
            fs::copy_file(work.path() / (i % 2 ? "good.zip" : "bad.zip"), work.path() / "tmp.zip",
                          fs::copy_options::overwrite_existing);
            fs::rename(work.path() / "tmp.zip", target);
        }
    });
    int queued = 0;
    for (int round = 0; round < 25; ++round) {
        TempDir home;
        trust(home.path(), key, "signer");
        auto box = Outbox::open(home.path());
        ASSERT_TRUE(box);
        auto job = box->add(target);
        if (!job) continue;  // the tampered bytes were read: refused, fine
        ++queued;
        auto sealed = unseal_file(box->sealed_path(*job), box->seal_key(), job->package_id);
        ASSERT_TRUE(sealed) << sealed.error().to_string();
        EXPECT_EQ(*sealed, good) << "round " << round << ": sealed bytes differ from verified";
        EXPECT_EQ(job->sha256, sha256_hex(good));
    }
    stop = true;
    swapper.join();
    EXPECT_GT(queued, 0);
}

TEST(IntegritySecurity, PackageIdCoversTheManifestNotOnlyTheFiles) {
    TempDir home;
    auto key = load_or_create_station_key(home.path()).value();
    auto first = test::sized_request(4000, 3);
    auto corrected = first;
    corrected.case_id = first.case_id + "-corrected";
    auto other_patient = first;
    other_patient.patient_id = "P-other";
    auto a = build_package(first, key).value().manifest;
    auto b = build_package(corrected, key).value().manifest;
    auto c = build_package(other_patient, key).value().manifest;
    EXPECT_EQ(a.schema_version, 2);
    EXPECT_NE(a.package_id, b.package_id) << "a corrected resubmission became a duplicate";
    EXPECT_NE(a.package_id, c.package_id);
    auto again = first;
    again.created_at = "2030-01-01T00:00:00Z";
    EXPECT_EQ(build_package(again, key).value().manifest.package_id, a.package_id);
    // Schema 1 manifests (files only) are still verified by their own rule.
    Manifest old = a;
    old.schema_version = 1;
    EXPECT_EQ(compute_package_id(old), compute_package_id(a.files));
}

TEST(IntegritySecurity, StationKeyIsNeverReplacedEvenWhenProcessesRace) {
    TempDir home;
    constexpr int kProcs = 6;
    int pipes[kProcs][2];
    for (auto& p : pipes) ASSERT_EQ(::pipe(p), 0);
    for (int i = 0; i < kProcs; ++i) {
        if (::fork() == 0) {
            auto key = load_or_create_station_key(home.path());
            std::string hex = key ? key->public_hex() : "error";
            (void)!::write(pipes[i][1], hex.data(), hex.size());
            ::_exit(0);
        }
    }
    std::set<std::string> seen;
    for (auto& p : pipes) {
        char buf[65] = {};
        ASSERT_GT(::read(p[0], buf, 64), 0);
        seen.insert(buf);
    }
    while (::wait(nullptr) > 0) {
    }
    EXPECT_EQ(seen.size(), 1u) << "racing processes signed with different station keys";
    EXPECT_EQ(*seen.begin(), load_or_create_station_key(home.path())->public_hex());

    // commit_new never replaces what is there.
    auto dest = home.path() / "keys" / "station.ed25519";
    auto before = test::read_all(dest);
    auto file = AtomicFile::create(dest);
    ASSERT_TRUE(file);
    ASSERT_TRUE(file->write(std::string_view("replacement")));
    auto st = file->commit_new();
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, Errc::conflict);
    EXPECT_EQ(test::read_all(dest), before);
}

TEST(IntegritySecurity, MissingOrDifferentKeyIsAnErrorBeforeAnyJob) {
    TempDir home, elsewhere;
    auto key = load_or_create_station_key(home.path()).value();
    auto pkg = home.path() / "p.zip";
    ASSERT_TRUE(write_package(test::sized_request(5000, 4), key, pkg));
    ASSERT_TRUE(Outbox::open(home.path())->add(pkg));
    auto seal = home.path() / "keys" / "outbox.key";
    auto saved = test::read_all(seal);

    fs::remove(seal);
    auto missing = Outbox::open(home.path());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    EXPECT_NE(missing.error().message.find("outbox.key is missing"), std::string::npos);
    EXPECT_FALSE(fs::exists(seal)) << "a new seal key was made silently";

    ASSERT_TRUE(load_or_create_seal_key(elsewhere.path()));
    fs::copy_file(elsewhere.path() / "keys" / "outbox.key", seal);
    auto different = Outbox::open(home.path());
    ASSERT_FALSE(different);
    EXPECT_EQ(different.error().code, Errc::corrupt);
    fs::remove(seal);
    write_bytes(seal, saved);
    ::chmod(seal.c_str(), 0600);
    ASSERT_TRUE(Outbox::open(home.path()));

    auto station = home.path() / "keys" / "station.ed25519";
    fs::remove(station);
    auto no_station = Outbox::open(home.path());
    ASSERT_FALSE(no_station);
    EXPECT_NE(no_station.error().message.find("station.ed25519 is missing"), std::string::npos);
    ASSERT_TRUE(load_or_create_station_key(home.path()));  // a new key appears...
    auto replaced = Outbox::open(home.path());
    ASSERT_FALSE(replaced) << "the outbox accepted a different station key";
    EXPECT_EQ(replaced.error().code, Errc::corrupt);
}

TEST(IntegritySecurity, SealedFileMovedUnderAnotherJobFailsAuthentication) {
    TempDir d;
    auto key = load_or_create_seal_key(d.path()).value();
    auto plain = test::random_bytes(200'000, 5);
    ASSERT_TRUE(seal_bytes(plain, key, d.path() / "a.sealed", "package-a"));
    EXPECT_TRUE(unseal_file(d.path() / "a.sealed", key, "package-a"));
    auto swapped = unseal_file(d.path() / "a.sealed", key, "package-b");
    ASSERT_FALSE(swapped);
    EXPECT_EQ(swapped.error().code, Errc::corrupt);
    EXPECT_NE(swapped.error().message.find("failed authentication"), std::string::npos);
}

// The first format (magic INTKSEAL, no associated data) is still read.
TEST(IntegritySecurity, FirstFormatSealedFilesAreStillRead) {
    TempDir d;
    auto key = load_or_create_seal_key(d.path()).value();
    auto plain = test::random_bytes(100'000, 6);
    std::vector<unsigned char> out(16 + crypto_secretstream_xchacha20poly1305_HEADERBYTES);
    std::memcpy(out.data(), "INTKSEAL", 8);
    for (int i = 0; i < 8; ++i) out[8 + i] = static_cast<unsigned char>(plain.size() >> (8 * i));
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, out.data() + 16, key.data());
    for (size_t off = 0; off < plain.size(); off += kSealChunk) {
        size_t n = std::min(kSealChunk, plain.size() - off);
        std::vector<unsigned char> c(n + crypto_secretstream_xchacha20poly1305_ABYTES);
        bool last = off + n == plain.size();
        crypto_secretstream_xchacha20poly1305_push(
            &st, c.data(), nullptr, reinterpret_cast<const unsigned char*>(plain.data()) + off, n,
            nullptr, 0, last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        out.insert(out.end(), c.begin(), c.end());
    }
    std::ofstream(d.path() / "old.sealed", std::ios::binary)
        .write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
    auto back = unseal_file(d.path() / "old.sealed", key, "any-id");
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(*back, plain);
}

TEST(IntegritySecurity, PackageBytesDoNotDependOnTheTimeZone) {
    TempDir home;
    auto key = load_or_create_station_key(home.path()).value();
    auto request = test::sample_request();
    std::string saved = std::getenv("TZ") ? std::getenv("TZ") : "";
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    auto utc = build_package(request, key).value().zip;
    ::setenv("TZ", "Pacific/Kiritimati", 1);  // UTC+14: a different calendar day at noon UTC
    ::tzset();
    auto kiritimati = build_package(request, key).value().zip;
    if (saved.empty()) {
        ::unsetenv("TZ");
    } else {
        ::setenv("TZ", saved.c_str(), 1);
    }
    ::tzset();
    EXPECT_EQ(utc, kiritimati);
}

}  // namespace
}  // namespace intake::package

namespace intake::package {
namespace {

// Walks `root` and names every file or folder that group or others may access.
std::vector<std::string> open_to_others(const fs::path& root) {
    std::vector<std::string> out;
    auto check = [&](const fs::path& p) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
            out.push_back(p.string() + " " + mode);
        }
    };
    check(root);
    for (const auto& e : fs::recursive_directory_iterator(root)) check(e.path());
    return out;
}

// `find HOME -perm /077` must print nothing after the station wrote keys, packages and the
// outbox — even when the process runs under the most permissive umask.
TEST(AtRestSecurity, NothingTheStationWritesIsOpenToOtherUsers) {
    TempDir d;
    fs::path home = d.path() / "home";  // created by the station itself
    fs::path src = INTAKE_SOURCE_DIR, data = INTAKE_TESTDATA_DIR;
    mode_t old = ::umask(0);
    auto run = [&](const std::string& args, const std::string& stdin_text = "") {
        return ::intake::test::run_intake(args, d.path(), {.home = home, .stdin_text = stdin_text});
    };
    // A named clinician (database, PIN pepper) who signs the gate override.
    auto user = run("user add dr-test --name 'Dr Test' --role clinician --pin-stdin", "135790\n");
    auto built = run(
        "package build --case " +
            ::intake::test::shell_quote(src / "station/rules/demo/case.json") + " --rx " +
            ::intake::test::shell_quote(src / "station/rules/demo/rx.json") + " --scan upper=" +
            ::intake::test::shell_quote(data / "scans/Ref_Upper_Mesh_Tag=0.obj") +
            " --photo intraoral-frontal=" + ::intake::test::shell_quote(data / "photos/0-4.png") +
            " --override-reason 'file mode test, reviewed' --by dr-test" +
            " --created-at 2026-11-23T13:00:00Z -o " + ::intake::test::shell_quote(home / "p.zip"),
        "135790\n");
    auto added = run("outbox add " + ::intake::test::shell_quote(home / "p.zip"));
    auto status = run("outbox status --json");
    ::umask(old);
    ASSERT_EQ(user.code, 0) << user.err;
    ASSERT_EQ(built.code, 0) << built.err;
    ASSERT_EQ(added.code, 0) << added.err;
    ASSERT_EQ(status.code, 0) << status.err;
    auto open = open_to_others(home);
    EXPECT_TRUE(open.empty()) << "open to other users: " << ::testing::PrintToString(open);
}

}  // namespace
}  // namespace intake::package
