// Uploads against the real tus server (npm @tus/server + @tus/file-store, tests/servers) on
// 127.0.0.1 with an ephemeral port: byte-identical arrival, the uploader killed with SIGKILL
// at random points, the server killed and restarted, a proxy cutting connections, 4xx/5xx
// answers, and HTTPS with a CA made here. Every wait is bounded by time.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "station/package/outbox.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"
#include "tests/station/package/test_support.h"

// The soak binary (INTAKE_SOAK) holds only the kill test, under its own suite name so ctest
// names and labels do not collide with the regular run.
#ifdef INTAKE_SOAK
#define INTAKE_KILL_ROUNDS 200
#define KILL_SUITE UploadSoak
#else
#define INTAKE_KILL_ROUNDS 24
#define KILL_SUITE UploadTest
#endif

namespace intake::package {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

class UploadTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(test::tus_server_available())
            << "node or the tus server's npm modules are missing: run scripts/setup.sh";
        files_ = home_.path() / "inbox";
        ASSERT_TRUE(server_.start("tus-inbox.mjs", {"--dir", files_.string()}));
    }
    std::string endpoint(int port = 0) const {
        return "http://127.0.0.1:" + std::to_string(port ? port : server_.port()) + "/files/";
    }
    std::filesystem::path add_package(size_t n, unsigned seed) {
        auto key = load_or_create_station_key(home_.path()).value();
        auto pkg = home_.path() / ("pkg-" + std::to_string(seed) + ".zip");
        EXPECT_TRUE(write_package(test::sized_request(n, seed), key, pkg));
        auto outbox = Outbox::open(home_.path());
        EXPECT_TRUE(outbox);
        EXPECT_TRUE(outbox->add(pkg));
        packages_.push_back(pkg);
        return pkg;
    }
    Result<RunSummary> run_uploader(const TusOptions& options, UploadPolicy policy) {
        auto outbox = Outbox::open(home_.path());
        if (!outbox) return fail(outbox.error());
        auto tus = TusTransport::create_client(options);
        if (!tus) return fail(tus.error());
        std::atomic<bool> stop{false};
        return upload_pending(*outbox, **tus, policy, stop);
    }
    static UploadPolicy policy(size_t chunk) {
        UploadPolicy p;
        p.chunk_bytes = chunk;
        p.initial_backoff = 20ms;
        p.max_backoff = 200ms;
        p.max_attempts = 60;
        return p;
    }
    // Every package added arrived complete exactly once and byte-identical.
    void expect_each_arrived_once() {
        auto stored = test::stored_uploads(files_);
        auto outbox = Outbox::open(home_.path());
        ASSERT_TRUE(outbox);
        auto jobs = outbox->jobs();
        ASSERT_TRUE(jobs);
        for (const auto& job : *jobs) {
            EXPECT_EQ(job.state, JobState::uploaded) << job.file_name << ": " << job.last_error;
            int complete = 0;
            for (const auto& up : stored) {
                if (up.package_id != job.package_id || up.offset != up.size) continue;
                ++complete;
                EXPECT_EQ(test::read_all(files_ / up.id),
                          test::read_all(home_.path() / job.file_name))
                    << job.file_name;
            }
            EXPECT_EQ(complete, 1) << job.file_name;
        }
    }

    TempDir home_;
    std::filesystem::path files_;
    test::NodeProcess server_;
    std::vector<std::filesystem::path> packages_;
};

using UploadSoak = UploadTest;

#ifndef INTAKE_SOAK
TEST_F(UploadTest, ArrivesByteIdenticalWithReceipt) {
    add_package(9 * 1024 * 1024, 1);
    auto summary = run_uploader({.endpoint = endpoint()}, policy(4 * 1024 * 1024));
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1);
    expect_each_arrived_once();
    auto job = Outbox::open(home_.path())->jobs()->front();
    auto receipt = nlohmann::json::parse(job.receipt);
    EXPECT_EQ(receipt["length"], job.size);
    EXPECT_EQ(receipt["protocol"], "tus/1.0.0");
    EXPECT_EQ(job.offset, job.size);
}

#endif  // INTAKE_SOAK

// The uploader process is killed with SIGKILL at random instants; each restart asks the
// server where it stands. Packages keep being added so most kills land mid-upload. Rounds
// alternate between the library in a forked child (128 KiB chunks: many offsets to lose) and
// the real `intake outbox run --once` process. A kill counts only when the job it was sending
// was still unfinished afterwards; most must also land after the upload was created.
TEST_F(KILL_SUITE, SurvivesKillNineOfTheUploaderAtRandomPoints) {
    std::mt19937 rng(20261123);
    // Kills early enough that most land while the uploader runs even on an idle, fast machine
    // (an uploader that already finished does not count as a kill).
    std::uniform_int_distribution<int> delay_ms(0, 100);
    TusOptions options{.endpoint = endpoint()};
    const std::string intake_bin = INTAKE_BINARY_DIR "/station/cli/intake";
    unsigned seed = 100;
    int killed = 0;        // SIGKILL hit a running uploader whose job was still unfinished
    int mid_transfer = 0;  // ... and the job already had its upload on the server
    int by_cli = 0;
    // Until enough kills landed and they spanned at least two packages; on a loaded machine a
    // restart makes little progress, so the count of rounds (not time) is what adapts.
    for (int round = 0;
         (killed < INTAKE_KILL_ROUNDS || packages_.size() < 2) && round < INTAKE_KILL_ROUNDS * 20;
         ++round) {
        auto pending = Outbox::open(home_.path())->next_pending().value();
        if (!pending) {
            add_package(3'000'000 + seed * 7, seed);
            ++seed;
            pending = Outbox::open(home_.path())->next_pending().value();
        }
        bool cli = round % 2 == 1;
        pid_t pid = ::fork();
        if (pid == 0) {
            if (cli) {
                std::string home = "--home=" + home_.path().string();
                std::string ep = "--endpoint=" + endpoint();
                ::execl(intake_bin.c_str(), "intake", home.c_str(), "outbox", "run", "--once",
                        "--chunk-mib", "4", ep.c_str(), static_cast<char*>(nullptr));
                ::_exit(127);
            }
            auto s = run_uploader(options, policy(128 * 1024));
            ::_exit(s ? 0 : 1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        auto after = Outbox::open(home_.path())->job(pending->id).value();
        if (WIFSIGNALED(status) && after.state != JobState::uploaded) {
            ++killed;
            by_cli += cli ? 1 : 0;
            mid_transfer += after.upload_url.empty() ? 0 : 1;
        }
    }
    EXPECT_GE(killed, INTAKE_KILL_ROUNDS) << "kills must land while the upload is unfinished";
    EXPECT_GE(mid_transfer, INTAKE_KILL_ROUNDS / 4) << "too few kills after the upload began";
    EXPECT_GE(by_cli, 1) << "no kill landed on the intake process";
    auto summary = run_uploader(options, policy(128 * 1024));  // the survivor finishes the queue
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_GE(packages_.size(), 2u);
    expect_each_arrived_once();
}

#ifndef INTAKE_SOAK
TEST_F(UploadTest, ServerKilledAndRestartedMidUpload) {
    add_package(40 * 1024 * 1024, 2);
    int port = server_.port();
    TusOptions options{.endpoint = endpoint()};
    options.connect_timeout_s = 2;
    UploaderThread uploader(
        home_.path(),
        [&]() -> Result<std::unique_ptr<Transport>> {
            auto t = TusTransport::create_client(options);
            if (!t) return fail(t.error());
            return std::unique_ptr<Transport>(std::move(t.value()));
        },
        policy(512 * 1024), true, 100ms);
    auto watcher = Outbox::open(home_.path());
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline && watcher->jobs()->front().offset == 0) {
        std::this_thread::sleep_for(2ms);
    }
    server_.stop(SIGKILL);
    // The kill must have landed mid-upload: begun, not finished (else this tests nothing).
    const auto at_kill = watcher->jobs()->front();
    EXPECT_GT(at_kill.offset, 0u) << "the upload had not begun when the server died";
    EXPECT_LT(at_kill.offset, at_kill.size) << "the upload had finished before the kill";
    EXPECT_NE(at_kill.state, JobState::uploaded);
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(
        server_.start("tus-inbox.mjs", {"--dir", files_.string(), "--port", std::to_string(port)}));
    auto summary = uploader.join();
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1) << summary->last_error;
    expect_each_arrived_once();
}

TEST_F(UploadTest, ProxyCuttingConnectionsAtRandomBytes) {
    test::NodeProcess proxy;
    ASSERT_TRUE(
        proxy.start("cut-proxy.mjs", {"--target-port", std::to_string(server_.port()), "--min",
                                      "20000", "--max", "1500000", "--seed", "7", "--cuts", "12"}));
    add_package(6 * 1024 * 1024, 3);
    auto summary = run_uploader({.endpoint = endpoint(proxy.port())}, policy(1024 * 1024));
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1) << summary->last_error;
    auto job = Outbox::open(home_.path())->jobs()->front();
    EXPECT_GT(job.attempts, 0) << "the proxy should have cut at least one request";
    expect_each_arrived_once();
}

TEST_F(UploadTest, ServerErrorsAreRetried) {
    server_.stop();
    ASSERT_TRUE(server_.start(
        "tus-inbox.mjs", {"--dir", files_.string(), "--fail-every", "2", "--fail-status", "503"}));
    add_package(3 * 1024 * 1024, 4);
    auto summary = run_uploader({.endpoint = endpoint()}, policy(512 * 1024));
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1);
    EXPECT_GT(Outbox::open(home_.path())->jobs()->front().attempts, 0);
    expect_each_arrived_once();
}

TEST_F(UploadTest, TooLargeIsAPermanentFailureWithReason) {
    server_.stop();
    ASSERT_TRUE(server_.start("tus-inbox.mjs", {"--dir", files_.string(), "--max-size", "1000"}));
    add_package(50'000, 5);
    auto summary = run_uploader({.endpoint = endpoint()}, policy(512 * 1024));
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->failed, 1);
    auto job = Outbox::open(home_.path())->jobs()->front();
    EXPECT_EQ(job.state, JobState::failed);
    EXPECT_NE(job.last_error.find("413"), std::string::npos) << job.last_error;
}

TEST_F(UploadTest, BearerTokenIsSentAndAWrongOneKeepsTheJobQueued) {
    server_.stop();
    ASSERT_TRUE(server_.start("tus-inbox.mjs", {"--dir", files_.string(), "--token", "s3cret"}));
    add_package(100'000, 6);
    auto wrong = run_uploader({.endpoint = endpoint(), .bearer_token = "nope"}, policy(512 * 1024));
    ASSERT_TRUE(wrong);
    auto job = Outbox::open(home_.path())->jobs()->front();
    EXPECT_EQ(job.state, JobState::queued);
    EXPECT_NE(job.last_error.find("401"), std::string::npos) << job.last_error;
    auto right =
        run_uploader({.endpoint = endpoint(), .bearer_token = "s3cret"}, policy(512 * 1024));
    ASSERT_TRUE(right);
    EXPECT_EQ(right->uploaded, 1);
    expect_each_arrived_once();
}

TEST(UploadEndpoint, PlainHttpOnlyToLoopback) {
    EXPECT_TRUE(check_endpoint("http://127.0.0.1:1080/files/"));
    EXPECT_TRUE(check_endpoint("http://localhost/files/"));
    EXPECT_TRUE(check_endpoint("https://lab.example.com/files/"));
    auto r = check_endpoint("http://lab.example.com/files/");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_FALSE(check_endpoint("ftp://127.0.0.1/files/"));
    EXPECT_FALSE(check_endpoint("not a url"));
}

// HTTPS with a CA made here: without the CA the certificate is refused (job stays queued);
// with --ca it uploads.
TEST_F(UploadTest, HttpsVerifiesAgainstTheGivenCa) {
    auto d = home_.path();
    std::string cmd = "cd '" + d.string() +
                      "' && "
                      "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days "
                      "2 -subj /CN=TestLabCA "
                      ">/dev/null 2>&1 && "
                      "openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "
                      "/CN=127.0.0.1 >/dev/null 2>&1 && "
                      "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > san.ext && "
                      "openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out "
                      "srv.pem -days 2 "
                      "-extfile san.ext >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    server_.stop();
    ASSERT_TRUE(server_.start(
        "tus-inbox.mjs", {"--dir", files_.string(), "--cert", (d / "srv.pem").string(), "--key",
                          (d / "srv.key").string()}));
    std::string url = "https://127.0.0.1:" + std::to_string(server_.port()) + "/files/";
    add_package(2 * 1024 * 1024, 8);
    auto untrusted = run_uploader({.endpoint = url}, policy(1024 * 1024));
    ASSERT_TRUE(untrusted);
    EXPECT_EQ(untrusted->uploaded, 0);
    EXPECT_EQ(Outbox::open(home_.path())->jobs()->front().state, JobState::queued);
    auto trusted =
        run_uploader({.endpoint = url, .ca_file = (d / "ca.pem").string()}, policy(1024 * 1024));
    ASSERT_TRUE(trusted) << trusted.error().to_string();
    EXPECT_EQ(trusted->uploaded, 1) << trusted->last_error;
    EXPECT_EQ(Outbox::open(home_.path())->jobs()->front().upload_url.rfind("https://", 0), 0u);
    expect_each_arrived_once();
}

#endif  // INTAKE_SOAK

}  // namespace
}  // namespace intake::package
