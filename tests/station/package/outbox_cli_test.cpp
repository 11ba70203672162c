// `intake outbox run|retry` driven as a user would, against the real tus server on 127.0.0.1:
// --once does one full pass, exit 4 while jobs remain queued, the token never on argv, a failed
// job re-queued, two uploader processes never sending the same job, nor the kiosk's uploader
// and the outbox service running at once. Labels: security;net.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "station/package/outbox.h"
#include "station/package/tus_transport.h"
#include "station/package/uploader.h"
#include "tests/station/package/test_support.h"
#include "tests/support/cli_runner.h"

namespace intake::package {
namespace {

using ::intake::test::CliRun;
using ::intake::test::shell_quote;
using test::TempDir;
namespace fs = std::filesystem;

class OutboxCli : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(test::tus_server_available())
            << "node or the tus server's npm modules are missing: run scripts/setup.sh";
        home_ = dir_.path() / "home";
        scratch_ = dir_.path() / "scratch";
        fs::create_directories(scratch_);
        inbox_ = dir_.path() / "inbox";
    }
    void start_server(std::vector<std::string> extra = {}) {
        extra.insert(extra.begin(), {"--dir", inbox_.string()});
        ASSERT_TRUE(server_.start("tus-inbox.mjs", extra));
    }
    std::string endpoint() const {
        return "http://127.0.0.1:" + std::to_string(server_.port()) + "/files/";
    }
    CliRun intake(const std::string& args, const std::string& env = {}) {
        return ::intake::test::run_intake(args, scratch_, {.home = home_, .environment = env});
    }
    // Builds a package with the station's own key and queues it through the CLI.
    fs::path queue(size_t n, unsigned seed) {
        auto key = load_or_create_station_key(home_).value();
        auto pkg = dir_.path() / ("pkg-" + std::to_string(seed) + ".zip");
        EXPECT_TRUE(write_package(test::sized_request(n, seed), key, pkg));
        auto added = intake("outbox add " + shell_quote(pkg));
        EXPECT_EQ(added.code, 0) << added.err;
        return pkg;
    }
    std::vector<OutboxJob> jobs() { return Outbox::open(home_)->jobs().value(); }
    // Every stored upload of `job`'s package: exactly one, complete and byte-identical.
    void expect_arrived_once(const OutboxJob& job, const fs::path& pkg) {
        int uploads = 0;
        for (const auto& up : test::stored_uploads(inbox_)) {
            if (up.package_id != job.package_id) continue;
            ++uploads;
            EXPECT_EQ(up.offset, up.size);
            EXPECT_EQ(test::read_all(inbox_ / up.id), test::read_all(pkg)) << pkg;
        }
        EXPECT_EQ(uploads, 1) << pkg << ": uploads created for this package";
    }

    TempDir dir_;
    fs::path home_, scratch_, inbox_;
    test::NodeProcess server_;
};

TEST_F(OutboxCli, RunOnceUploadsEveryQueuedPackageByteIdentical) {
    start_server();
    auto a = queue(12 * 1024 * 1024, 1);
    auto b = queue(3 * 1024 * 1024, 2);
    auto run = intake("outbox run --once --chunk-mib 4 --endpoint " + endpoint());
    ASSERT_EQ(run.code, 0) << run.err << run.out;
    auto summary = nlohmann::json::parse(run.out);
    EXPECT_EQ(summary["uploaded"], 2);
    EXPECT_EQ(summary["pending"], 0);
    auto all = jobs();
    ASSERT_EQ(all.size(), 2u);
    for (const auto& j : all) EXPECT_EQ(j.state, JobState::uploaded) << j.last_error;
    expect_arrived_once(all[0], a);
    expect_arrived_once(all[1], b);
}

TEST_F(OutboxCli, TokenComesFromA0600FileNeverFromArgv) {
    start_server({"--token", "s3cret-token"});
    auto pkg = queue(1024 * 1024, 3);
    auto on_argv = intake("outbox run --once --endpoint " + endpoint() + " --token s3cret-token");
    EXPECT_EQ(on_argv.code, 2);
    EXPECT_NE(on_argv.err.find("--token-file"), std::string::npos) << on_argv.err;
    EXPECT_EQ(jobs().front().attempts, 0) << "nothing may be sent with a token from argv";

    // Without a token the server answers 401: the job stays queued and the run exits 4.
    auto without = intake("outbox run --once --endpoint " + endpoint());
    EXPECT_EQ(without.code, 4) << without.err << without.out;
    EXPECT_EQ(nlohmann::json::parse(without.out)["pending"], 1);
    EXPECT_EQ(jobs().front().state, JobState::queued);

    auto file = dir_.path() / "lab-token";
    std::ofstream(file) << "s3cret-token\n";
    ::chmod(file.c_str(), 0644);
    auto loose =
        intake("outbox run --once --endpoint " + endpoint() + " --token-file " + shell_quote(file));
    EXPECT_EQ(loose.code, 4) << loose.err;
    EXPECT_NE(loose.err.find("0600"), std::string::npos) << loose.err;
    ::chmod(file.c_str(), 0600);
    auto run =
        intake("outbox run --once --endpoint " + endpoint() + " --token-file " + shell_quote(file));
    ASSERT_EQ(run.code, 0) << run.err;
    expect_arrived_once(jobs().front(), pkg);

    auto env =
        intake("outbox run --once --endpoint " + endpoint(), "INTAKE_LAB_TOKEN=s3cret-token");
    EXPECT_EQ(env.code, 0) << env.err;
}

TEST_F(OutboxCli, AFailedJobIsRetriedAndThenArrives) {
    start_server({"--max-size", "100000"});
    auto pkg = queue(2 * 1024 * 1024, 4);
    auto refused = intake("outbox run --once --endpoint " + endpoint());
    EXPECT_EQ(refused.code, 1) << refused.err << refused.out;
    EXPECT_EQ(jobs().front().state, JobState::failed);
    EXPECT_NE(jobs().front().last_error.find("413"), std::string::npos);
    auto wrong = intake("outbox retry 7");
    EXPECT_EQ(wrong.code, 4);
    EXPECT_NE(wrong.err.find("7"), std::string::npos);

    server_.stop();
    start_server();
    auto retried = intake("outbox retry 1");
    ASSERT_EQ(retried.code, 0) << retried.err;
    EXPECT_EQ(nlohmann::json::parse(retried.out)["state"], "queued");
    auto again = intake("outbox retry 1");
    EXPECT_NE(again.code, 0) << "a queued job is not failed";
    auto run = intake("outbox run --once --endpoint " + endpoint());
    ASSERT_EQ(run.code, 0) << run.err;
    expect_arrived_once(jobs().front(), pkg);
}

// The kiosk and `outbox run` at once: each job is created and sent by one of them only.
TEST_F(OutboxCli, TwoUploaderProcessesNeverSendTheSameJob) {
    start_server();
    std::vector<fs::path> pkgs;
    for (unsigned seed = 10; seed < 14; ++seed) pkgs.push_back(queue(6 * 1024 * 1024, seed));
    CliRun first, second;
    std::string cmd = "outbox run --once --chunk-mib 4 --endpoint " + endpoint();
    fs::create_directories(scratch_ / "b");
    std::thread a([&] { first = intake(cmd); });
    std::thread b(
        [&] { second = ::intake::test::run_intake(cmd, scratch_ / "b", {.home = home_}); });
    a.join();
    b.join();
    for (const auto* r : {&first, &second})
        EXPECT_TRUE(r->code == 0 || r->code == 4) << r->code << r->err;
    int sent = nlohmann::json::parse(first.out)["uploaded"].get<int>() +
               nlohmann::json::parse(second.out)["uploaded"].get<int>();
    EXPECT_EQ(sent, 4) << first.err << second.err;
    auto all = jobs();
    for (size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].state, JobState::uploaded);
        expect_arrived_once(all[i], pkgs[i]);
    }
}

// The kiosk and the intake-outbox service at once on one chair (issue 16): the kiosk's uploader
// (upload_pending on a thread with its own connection, as OutboxAdapter::send runs it) and
// `intake outbox run --once` start together on the same queue. The lease in outbox.db keeps
// them apart: every package is created and sent once, by one of the two.
TEST_F(OutboxCli, TheKioskAndTheOutboxServiceNeverSendTheSameJob) {
    start_server();
    std::vector<fs::path> pkgs;
    for (unsigned seed = 20; seed < 24; ++seed) pkgs.push_back(queue(6 * 1024 * 1024, seed));
    Result<RunSummary> kiosk = fail(Errc::internal, "the kiosk's uploader did not run");
    std::thread kiosk_thread([&] {
        auto box = Outbox::open(home_);
        auto tus = TusTransport::create_client({.endpoint = endpoint()});
        if (!box || !tus) return;
        UploadPolicy policy;
        policy.chunk_bytes = 4 * 1024 * 1024;
        policy.max_attempts = 3;  // as the kiosk
        std::atomic<bool> cancel{false};
        kiosk = upload_pending(*box, **tus, policy, cancel);
    });
    CliRun service = intake("outbox run --once --chunk-mib 4 --endpoint " + endpoint());
    kiosk_thread.join();
    ASSERT_TRUE(kiosk) << kiosk.error().to_string();
    EXPECT_TRUE(service.code == 0 || service.code == 4) << service.code << service.err;
    const int by_service = nlohmann::json::parse(service.out)["uploaded"].get<int>();
    EXPECT_EQ(kiosk->uploaded + by_service, 4) << service.err;
    auto all = jobs();
    ASSERT_EQ(all.size(), pkgs.size());
    for (size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(all[i].state, JobState::uploaded);
        EXPECT_TRUE(all[i].claimed_by.empty()) << "a lease left behind";
        expect_arrived_once(all[i], pkgs[i]);
    }
}

}  // namespace
}  // namespace intake::package
