// The outbox on both engines (issue 11's seam, issue 17's shared outbox): the same queue and
// lease tests on SQLite (one chair: two connections to <home>/outbox/outbox.db, as the kiosk and
// `outbox run`) and on a throwaway PostgreSQL cluster (two stations with their own homes and the
// practice's seal key), then what only the shared outbox does: the sealed package travels
// through the database, and a changed chunk there fails the job instead of being sent.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>

#include "base/sha256.h"
#include "station/package/manifest.h"
#include "station/package/outbox.h"
#include "station/package/uploader.h"
#include "station/record/database.h"
#include "station/record/pg_database.h"
#include "tests/station/package/memory_tus.h"
#include "tests/station/package/outbox_engine_fixture.h"
#include "tests/station/package/test_support.h"
#include "tests/support/cli_runner.h"
#include "tests/support/pg_cluster.h"

namespace intake::package {
namespace {

using record::Engine;
using test::OutboxOnEngine;
using test::quick_policy;
using test::TempDir;
namespace fs = std::filesystem;

TEST_P(OutboxOnEngine, AddQueuesOncePerPackageAndEveryStationSeesTheJob) {
    auto a = open(0);
    EXPECT_EQ(a.shared(), postgres());
    auto pkg = make_package(200'000, 1);
    auto job = a.add(pkg);
    ASSERT_TRUE(job) << job.error().to_string();
    EXPECT_EQ(job->state, JobState::queued);
    EXPECT_EQ(job->sha256, sha256_hex(test::read_all(pkg)));
    EXPECT_EQ(a.add(pkg)->id, job->id);
    auto b = open(1);
    auto seen = b.jobs();
    ASSERT_TRUE(seen);
    ASSERT_EQ(seen->size(), 1u);
    EXPECT_EQ(seen->front().package_id, job->package_id);
    EXPECT_EQ(b.next_pending()->value().id, job->id);
}

TEST_P(OutboxOnEngine, OneUploaderHoldsAJobAtATime) {
    auto a = open(0);
    auto b = open(1);
    auto job = a.add(make_package(50'000, 2)).value();
    EXPECT_TRUE(a.claim(job.id).value());
    EXPECT_FALSE(b.claim(job.id).value()) << "a live holder keeps its job";
    EXPECT_TRUE(a.claim(job.id).value()) << "the holder may claim again";
    EXPECT_EQ(b.job(job.id)->claimed_by, a.owner());
    ASSERT_TRUE(a.release(job.id));
    EXPECT_TRUE(b.claim(job.id).value());
    EXPECT_FALSE(a.claim(job.id).value());
    // A committed offset renews the holder's lease; another connection's leaves it the holder's.
    ASSERT_TRUE(b.set_offset(job.id, 1234));
    ASSERT_TRUE(a.set_offset(job.id, 2345));
    auto after = a.job(job.id).value();
    EXPECT_EQ(after.offset, 2345u);
    EXPECT_GT(after.lease_until, 0);
    EXPECT_EQ(after.claimed_by, b.owner());
    // An uploaded job is nobody's to claim.
    ASSERT_TRUE(b.mark_uploaded(job.id, R"({"url":"x"})"));
    ASSERT_TRUE(b.release(job.id));
    EXPECT_FALSE(a.claim(job.id).value());
}

// The stations' clocks need not agree: a lease is given and judged by the database's clock.
// With the stations' own clocks, station 1 running ten minutes ahead would take station 0's live
// lease, and running ten minutes behind would wait for a lease long run out.
TEST_P(OutboxOnEngine, LeasesRunOnTheDatabasesClockNotTheStations) {
    auto a = open(0);
    auto b = open(1);
    const int64_t real = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    b.set_station_clock([real] { return real + 600; });
    auto job = a.add(make_package(50'000, 9)).value();
    ASSERT_TRUE(a.claim(job.id).value());
    const int64_t lease = a.job(job.id)->lease_until;
    EXPECT_NEAR(static_cast<double>(lease), static_cast<double>(real + kLeaseSeconds), 5.0);
    EXPECT_FALSE(b.claim(job.id).value()) << "a clock ten minutes ahead took a live lease";
    ASSERT_TRUE(b.note_attempt(job.id, "station 1 looked"));
    EXPECT_EQ(b.job(job.id)->updated_at, rfc3339_utc(real + 600)) << "station 1's clock is ahead";
    // Station 0's lease runs out by the database's clock (as if 400 s had passed there) while
    // station 1's clock now runs ten minutes behind.
    ASSERT_TRUE(job_sql("UPDATE jobs SET lease_until = lease_until - 400",
                        "UPDATE outbox_jobs SET lease_until = lease_until - 400"));
    b.set_station_clock([real] { return real - 600; });
    EXPECT_TRUE(b.claim(job.id).value()) << "a clock ten minutes behind waited for a dead lease";
    auto taken = b.job(job.id).value();
    EXPECT_EQ(taken.claimed_by, b.owner());
    EXPECT_NEAR(static_cast<double>(taken.lease_until), static_cast<double>(real + kLeaseSeconds),
                5.0);
}

// The holder dies without releasing (as after kill -9): another uploader takes it over at once.
TEST_P(OutboxOnEngine, AKilledHoldersJobIsTakenOverAtOnce) {
    OutboxJob job;
    {  // no connection is open across the fork (SQLite's locks are per process)
        job = open(0).add(make_package(50'000, 3)).value();
    }
    const std::string home_b = home(1).string();
    pid_t child = ::fork();
    if (child == 0) {  // its own connection; _exit: the parent's handles are left alone
        auto holder = Outbox::open_location(home_b, url_);
        bool held = holder && holder->claim(job.id).value_or(false);
        ::_exit(held ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child could not claim";
    auto a = open(0);
    auto held = a.job(job.id).value();
    EXPECT_NE(held.claimed_by.find(":" + std::to_string(child) + ":"), std::string::npos);
    EXPECT_GT(held.lease_until, 0);
    EXPECT_TRUE(a.claim(job.id).value()) << "the dead holder's lease is taken over";
    EXPECT_EQ(a.job(job.id)->claimed_by, a.owner());
}

// Station 1 sends what station 0 queued; on PostgreSQL the sealed package comes from the
// database (station 1 never had the file) and the fetched copy is gone after the receipt.
TEST_P(OutboxOnEngine, AnotherStationSendsTheQueuedPackageByteIdentical) {
    auto pkg = make_package(700'000, 4);
    auto job = open(0).add(pkg).value();
    auto b = open(1);
    if (postgres()) {
        EXPECT_FALSE(fs::exists(b.sealed_path(job)));
    }
    test::MemoryTus tus;
    tus.short_every = 3;
    std::atomic<bool> stop{false};
    auto summary = upload_pending(b, tus, quick_policy(), stop);
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1);
    ASSERT_EQ(tus.data.size(), 1u);
    EXPECT_EQ(tus.data.begin()->second, test::read_all(pkg));
    auto done = open(0).job(job.id).value();
    EXPECT_EQ(done.state, JobState::uploaded);
    EXPECT_EQ(done.offset, done.size);
    EXPECT_EQ(nlohmann::json::parse(done.receipt)["sha256"], done.sha256);
    EXPECT_TRUE(done.claimed_by.empty());
    if (postgres()) {
        EXPECT_FALSE(fs::exists(b.sealed_path(job))) << "the fetched copy stays";
    }
}

// The CLI follows the store: with `--database postgresql://…` its outbox commands work on the
// shared outbox, with the same JSON keys as on one chair.
TEST_P(OutboxOnEngine, TheCliQueuesAndListsThroughTheStoresDatabase) {
    auto pkg = make_package(80'000, 8);
    (void)open(0);  // the station's keys exist before another station copies the seal key
    const std::string database =
        postgres() ? "--database " + ::intake::test::shell_quote(url_) + " " : "";
    auto added =
        ::intake::test::run_intake(database + "outbox add " + ::intake::test::shell_quote(pkg),
                                   home_a_.path(), {.home = home(0)});
    ASSERT_EQ(added.code, 0) << added.err;
    auto job = nlohmann::json::parse(added.out);
    for (const char* key :
         {"id", "package_id", "file_name", "size", "sha256", "state", "upload_url", "offset",
          "attempts", "last_error", "receipt", "created_at", "updated_at", "create_intent",
          "claimed_by", "lease_until"})
        EXPECT_TRUE(job.contains(key)) << key;
    EXPECT_EQ(job["state"], "queued");
    auto status = ::intake::test::run_intake(database + "outbox status --json", home_a_.path(),
                                             {.home = home(1)});
    ASSERT_EQ(status.code, 0) << status.err;
    auto listed = nlohmann::json::parse(status.out)["jobs"];
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["package_id"], job["package_id"]);
    auto retried = ::intake::test::run_intake(database + "outbox retry " + job["id"].dump(),
                                              home_a_.path(), {.home = home(1)});
    EXPECT_NE(retried.code, 0);
    EXPECT_NE(retried.err.find("only a failed job can be retried"), std::string::npos)
        << retried.err;
}

// Retention after the lab's receipt: the uploader discards the sealed copy (on PostgreSQL its
// chunk rows in the database too), and `outbox purge` sweeps what a crash between the receipt and
// the discard, or an older build, left. Nothing else goes: a queued job (held by another
// uploader during the run) and a failed one keep every byte, every job keeps its row and
// receipt, and the queued job is still sent byte-identical afterwards (on PostgreSQL by the
// station that never had it, from the database's chunks).
TEST_P(OutboxOnEngine, RetentionRemovesTheSealedBytesOfUploadedJobsOnly) {
    auto a = open(0);
    auto b = open(1);
    const auto kept_pkg = make_package(300'000, 21);
    const OutboxJob sent = a.add(make_package(300'000, 20)).value();
    const OutboxJob kept = a.add(kept_pkg).value();
    const OutboxJob failed = a.add(make_package(90'000, 22)).value();
    const OutboxJob left = a.add(make_package(90'000, 23)).value();
    ASSERT_TRUE(a.mark_failed(failed.id, "413: too large"));
    const SealedBytes kept_before = sealed_bytes(a, kept), failed_before = sealed_bytes(a, failed);
    EXPECT_GT(kept_before.file_bytes, 0);
    if (postgres()) {
        EXPECT_EQ(sealed_bytes(a, left).rows, 1) << "a small package is one chunk row";
    }

    // What a kill between storing the receipt and discarding the station's sealed file leaves
    // (on PostgreSQL, from a build that also left the chunk rows): the receipt, all the bytes.
    if (postgres()) {
        store_receipt_only(left.id, R"({"url":"x"})");
    } else {
        ASSERT_TRUE(a.mark_uploaded(left.id, R"({"url":"x"})"));
    }
    const SealedBytes left_before = sealed_bytes(a, left);
    EXPECT_GT(left_before.file_bytes, 0);

    ASSERT_TRUE(b.claim(kept.id).value());  // another uploader is sending it: this run skips it
    test::MemoryTus tus;
    std::atomic<bool> stop{false};
    auto run = upload_pending(a, tus, quick_policy(), stop);
    ASSERT_TRUE(run) << run.error().to_string();
    EXPECT_EQ(run->uploaded, 1);
    EXPECT_EQ(sealed_bytes(a, sent), SealedBytes{}) << "discarded at the receipt";
    EXPECT_EQ(sealed_bytes(a, left), left_before) << "the uploader discards its own job only";

    const std::string database =
        postgres() ? "--database " + ::intake::test::shell_quote(url_) + " " : "";
    auto purged =
        ::intake::test::run_intake(database + "outbox purge", home_a_.path(), {.home = home(0)});
    ASSERT_EQ(purged.code, 0) << purged.err;
    const auto report = nlohmann::json::parse(purged.out);
    EXPECT_EQ(report["removed"], 1);
    EXPECT_EQ(report["chunk_jobs_removed"], postgres() ? 1 : 0);
    EXPECT_EQ(sealed_bytes(a, left), SealedBytes{});
    EXPECT_EQ(sealed_bytes(a, kept), kept_before);
    EXPECT_EQ(sealed_bytes(a, failed), failed_before);
    auto jobs = a.jobs().value();
    ASSERT_EQ(jobs.size(), 4u);
    EXPECT_EQ(jobs[0].state, JobState::uploaded);
    EXPECT_FALSE(jobs[0].receipt.empty());
    EXPECT_EQ(jobs[1].state, JobState::queued);
    EXPECT_EQ(jobs[2].state, JobState::failed);
    EXPECT_EQ(jobs[3].receipt, R"({"url":"x"})");

    ASSERT_TRUE(b.release(kept.id));
    auto rest = upload_pending(b, tus, quick_policy(), stop);
    ASSERT_TRUE(rest) << rest.error().to_string();
    EXPECT_EQ(rest->uploaded, 1);
    ASSERT_EQ(tus.data.size(), 2u);
    EXPECT_TRUE(std::any_of(tus.data.begin(), tus.data.end(), [&](const auto& upload) {
        return upload.second == test::read_all(kept_pkg);
    })) << "the kept job's bytes survived retention";
    EXPECT_EQ(sealed_bytes(b, kept), SealedBytes{});
}

INSTANTIATE_TEST_SUITE_P(BothEngines, OutboxOnEngine,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), test::engine_name);

// What only the shared outbox has: the package in the database and the practice's seal key.
class SharedOutbox : public OutboxOnEngine {};

TEST_P(SharedOutbox, AChangedChunkInTheDatabaseFailsTheJobAsCorrupt) {
    auto job = open(0).add(make_package(300'000, 5)).value();
    std::string why;
    ASSERT_TRUE(cluster_->psql(database_,
                               "UPDATE outbox_chunks SET bytes = set_byte(bytes, 200, "
                               "get_byte(bytes, 200) # 1) WHERE seq = 0",
                               why))
        << why;
    auto b = open(1);
    test::MemoryTus tus;
    std::atomic<bool> stop{false};
    auto summary = upload_pending(b, tus, quick_policy(), stop);
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->failed, 1);
    EXPECT_EQ(summary->uploaded, 0);
    auto after = b.job(job.id).value();
    EXPECT_EQ(after.state, JobState::failed);
    EXPECT_NE(after.last_error.find("corrupt"), std::string::npos) << after.last_error;
    for (const auto& [url, bytes] : tus.data) EXPECT_LT(bytes.size(), after.size) << url;
}

TEST_P(SharedOutbox, AStationWithAnotherSealKeyIsRefusedBeforeTouchingAJob) {
    open(0).add(make_package(20'000, 6)).value();
    fs::create_directories(home_b_.path() / "keys");
    auto own = load_or_create_seal_key(home_b_.path());  // a key of its own, not the practice's
    ASSERT_TRUE(own);
    auto refused = Outbox::open_location(home_b_.path(), url_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::corrupt);
    EXPECT_NE(refused.error().message.find("is not the key"), std::string::npos);
    TempDir bare{"outbox-c"};
    auto missing = Outbox::open_location(bare.path(), url_);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    EXPECT_NE(missing.error().message.find("outbox.key is missing"), std::string::npos);
}

TEST_P(SharedOutbox, TheSamePackageQueuedAtTwoStationsIsOneJob) {
    auto pkg = make_package(100'000, 7);
    auto a = open(0);
    auto b = open(1);
    // Station 1 trusts station 0's signing key, as stations of one practice do.
    auto key = load_or_create_station_key(home_a_.path()).value();
    fs::create_directories(home_b_.path() / "keys" / "trusted");
    std::ofstream(home_b_.path() / "keys" / "trusted" / "station0.pub") << key.public_hex() << "\n";
    auto first = a.add(pkg);
    auto second = b.add(pkg);
    ASSERT_TRUE(first) << first.error().to_string();
    ASSERT_TRUE(second) << second.error().to_string();
    EXPECT_EQ(first->id, second->id);
    EXPECT_EQ(a.jobs()->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(PostgreSql, SharedOutbox, ::testing::Values(Engine::postgresql),
                         [](const ::testing::TestParamInfo<Engine>&) { return "postgresql"; });

}  // namespace
}  // namespace intake::package
