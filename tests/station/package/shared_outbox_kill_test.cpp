// The practice's shared outbox under crashes (issue 17): three uploader processes, each a
// station with its own home, share one PostgreSQL (a throwaway cluster, tests/support) and the
// real tus server (npm, tests/servers). They are killed with SIGKILL at random instants and
// restarted, at least 50 times while they held a job, as packages keep being queued. Two are
// the library in a forked child (small chunks: many offsets to lose), the third the real
// `intake --database URL outbox run --once`. Whoever claims a job next resumes it from the
// server's offset, with the sealed package fetched from the database. Afterwards every package
// is on the server complete exactly once, its bytes' SHA-256 that of the package queued.
// Labels pg;net;crash (`ctest --preset crash` runs it alone).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include "base/sha256.h"
#include "station/package/outbox.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"
#include "tests/station/package/test_support.h"
#include "tests/support/pg_cluster.h"

namespace intake::package {
namespace {

using namespace std::chrono_literals;
using test::TempDir;
namespace fs = std::filesystem;

constexpr int kKills = 50;
constexpr int kUploaders = 3;

class SharedOutboxCrash : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(test::tus_server_available())
            << "node or the tus server's npm modules are missing: run scripts/setup.sh";
        std::string why;
        auto* cluster = intake::test::PgCluster::shared(why);
        ASSERT_NE(cluster, nullptr) << why;
        url_ = cluster->create_database("crash" + std::to_string(::getpid()), why);
        ASSERT_FALSE(url_.empty()) << why;
        inbox_ = dir_.path() / "inbox";
        ASSERT_TRUE(server_.start("tus-inbox.mjs", {"--dir", inbox_.string()}));
        // Station 0 queues; every station holds the practice's seal key.
        for (int i = 0; i < kUploaders; ++i)
            homes_[i] = dir_.path() / ("station" + std::to_string(i));
        ASSERT_TRUE(open(0)) << "the first station cannot open the shared outbox";
        for (int i = 1; i < kUploaders; ++i) {
            fs::create_directories(homes_[i] / "keys");
            fs::copy_file(homes_[0] / "keys" / "outbox.key", homes_[i] / "keys" / "outbox.key");
        }
    }
    void TearDown() override {
        for (pid_t& pid : pids_) stop(pid);
    }
    std::optional<Outbox> open(int station) {
        auto box = Outbox::open_location(homes_[station], url_);
        EXPECT_TRUE(box) << box.error().to_string();
        if (!box) return std::nullopt;
        return std::move(*box);
    }
    std::string endpoint() const {
        return "http://127.0.0.1:" + std::to_string(server_.port()) + "/files/";
    }
    void queue(unsigned seed) {
        auto key = load_or_create_station_key(homes_[0]).value();
        auto pkg = dir_.path() / ("pkg-" + std::to_string(seed) + ".zip");
        ASSERT_TRUE(write_package(test::sized_request(2'000'000 + seed * 911, seed), key, pkg));
        auto job = open(0)->add(pkg);
        ASSERT_TRUE(job) << job.error().to_string();
        packages_[job->package_id] = pkg;
    }
    static UploadPolicy policy() {
        UploadPolicy p;
        p.chunk_bytes = 128 * 1024;
        p.initial_backoff = 20ms;
        p.max_backoff = 200ms;
        p.max_attempts = 60;
        return p;
    }
    // A station's uploader until the queue is empty: the library in this forked child, or the
    // real CLI (exec). Its own database connection either way.
    pid_t start(int station) {
        const bool cli = station == kUploaders - 1;
        const std::string home = homes_[station].string();
        const std::string ep = endpoint();
        pid_t pid = ::fork();
        if (pid != 0) return pid;
        if (cli) {
            const int quiet = ::open("/dev/null", O_WRONLY);  // its JSON and log lines
            ::dup2(quiet, STDOUT_FILENO);
            ::dup2(quiet, STDERR_FILENO);
            const std::string bin = INTAKE_BINARY_DIR "/station/cli/intake";
            const std::string h = "--home=" + home, d = "--database=" + url_,
                              e = "--endpoint=" + ep;
            ::execl(bin.c_str(), "intake", h.c_str(), d.c_str(), "outbox", "run", "--once",
                    "--chunk-mib", "4", e.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        auto tus = TusTransport::create_client({.endpoint = ep});
        auto box = Outbox::open_location(home, url_);
        if (!tus || !box) ::_exit(2);
        std::atomic<bool> stop{false};
        for (int pass = 0; pass < 1000; ++pass) {
            auto s = upload_pending(*box, **tus, policy(), stop);
            if (!s) ::_exit(3);
            auto pending = box->next_pending();
            if (!pending) ::_exit(3);
            if (!*pending) ::_exit(0);
            std::this_thread::sleep_for(20ms);  // a job held by another station: look again
        }
        ::_exit(4);
    }
    static void stop(pid_t& pid) {
        if (pid <= 0) return;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        pid = 0;
    }
    // Waits (bounded) until uploader `pid` holds an unfinished job. One connection kept open
    // for the watch: opening an outbox per look (a connection, the schema and key checks) took
    // longer under ASan than the CLI holds its one job.
    void wait_until_holding(pid_t pid, std::chrono::seconds limit) {
        if (!watcher_) watcher_ = open(0);
        const std::string tag = ":" + std::to_string(pid) + ":";
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            const std::vector<OutboxJob> jobs = watcher_->jobs().value_or(std::vector<OutboxJob>{});
            for (const auto& j : jobs) {
                if (j.claimed_by.find(tag) != std::string::npos && j.state != JobState::uploaded)
                    return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    int unfinished() {
        int n = 0;
        const std::vector<OutboxJob> jobs = open(0)->jobs().value();
        for (const auto& j : jobs)
            n += j.state == JobState::queued || j.state == JobState::uploading;
        return n;
    }

    TempDir dir_{"shared-crash"};
    std::string url_;
    fs::path inbox_;
    std::array<fs::path, kUploaders> homes_;
    std::array<pid_t, kUploaders> pids_{};
    test::NodeProcess server_;
    std::map<std::string, fs::path> packages_;  // package id -> the zip queued
    std::optional<Outbox> watcher_;             // wait_until_holding's connection
};

TEST_F(SharedOutboxCrash, ThreeUploadersKilledAtRandomEachPackageArrivesOnceByteIdentical) {
    std::mt19937 rng(20261203);
    std::uniform_int_distribution<int> delay_ms(0, 150);
    std::uniform_int_distribution<int> victim(0, kUploaders - 1);
    unsigned seed = 300;
    int killed = 0;        // SIGKILL hit an uploader while it held an unfinished job
    int mid_transfer = 0;  // ... whose upload already existed on the server
    int by_cli = 0;
    for (int round = 0;
         (killed < kKills || by_cli == 0 || packages_.size() < 6) && round < kKills * 40; ++round) {
        while (unfinished() < kUploaders) queue(seed++);
        for (int i = 0; i < kUploaders; ++i) {
            if (pids_[i] > 0 && ::waitpid(pids_[i], nullptr, WNOHANG) == pids_[i]) pids_[i] = 0;
            if (pids_[i] == 0) pids_[i] = start(i);
        }
        const int v = victim(rng);
        const pid_t pid = pids_[v];
        // The intake process starts slower than the forked uploaders (a new program with its
        // libraries; several times slower under ASan) and `--once` leaves after its one job:
        // until a kill has landed on it holding a job, it is killed as soon as it holds one, so
        // it is not only ever killed before claiming or after leaving.
        const int delay = delay_ms(rng);
        if (v == kUploaders - 1 && by_cli == 0) {
            wait_until_holding(pid, std::chrono::seconds(30));
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        }
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        pids_[v] = 0;
        if (!WIFSIGNALED(status)) continue;  // it had finished on its own
        const std::string tag = ":" + std::to_string(pid) + ":";
        const std::vector<OutboxJob> jobs = open(0)->jobs().value();
        for (const auto& j : jobs) {
            if (j.claimed_by.find(tag) == std::string::npos || j.state == JobState::uploaded)
                continue;
            ++killed;
            mid_transfer += j.upload_url.empty() ? 0 : 1;
            by_cli += v == kUploaders - 1 ? 1 : 0;
            break;
        }
    }
    for (pid_t& pid : pids_) stop(pid);
    EXPECT_GE(killed, kKills) << "kills must land while an uploader holds an unfinished job";
    EXPECT_GE(mid_transfer, kKills / 4) << "too few kills after the upload began";
    EXPECT_GE(by_cli, 1) << "no kill landed on the intake process";
    std::cout << "[figures] kills holding a job " << killed << ", mid-transfer " << mid_transfer
              << ", by the CLI " << by_cli << ", packages " << packages_.size() << "\n";

    // A survivor (station 1) finishes what is left, resuming whatever the killed ones began.
    auto survivor = open(1);
    ASSERT_TRUE(survivor);
    auto tus = TusTransport::create_client({.endpoint = endpoint()});
    ASSERT_TRUE(tus);
    std::atomic<bool> stop_flag{false};
    for (int pass = 0; pass < 5 && unfinished() > 0; ++pass)
        ASSERT_TRUE(upload_pending(*survivor, **tus, policy(), stop_flag));

    auto stored = test::stored_uploads(inbox_);
    auto jobs = survivor->jobs().value();
    ASSERT_EQ(jobs.size(), packages_.size());
    for (const auto& job : jobs) {
        EXPECT_EQ(job.state, JobState::uploaded) << job.file_name << ": " << job.last_error;
        const auto original = test::read_all(packages_.at(job.package_id));
        EXPECT_EQ(job.sha256, sha256_hex(original));
        int complete = 0;
        for (const auto& up : stored) {
            if (up.package_id != job.package_id || up.offset != up.size) continue;
            ++complete;
            EXPECT_EQ(sha256_hex(test::read_all(inbox_ / up.id)), job.sha256) << job.file_name;
        }
        EXPECT_EQ(complete, 1) << job.file_name << ": complete uploads on the server";
    }
}

}  // namespace
}  // namespace intake::package
