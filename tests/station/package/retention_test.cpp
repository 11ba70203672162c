// Retention of sealed packages: after the lab's receipt the sealed copy goes; jobs still to send
// keep their bytes; `intake outbox purge` does the same.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "station/package/outbox.h"
#include "station/package/outbox_retention.h"
#include "station/package/station_key.h"
#include "station/record/pg_database.h"
#include "tests/station/package/outbox_engine_fixture.h"
#include "tests/station/package/test_support.h"
#include "tests/support/cli_runner.h"

namespace intake::package {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

fs::path package_in(const fs::path& home, unsigned seed) {
    auto key = load_or_create_station_key(home).value();
    auto out = home / ("pkg-" + std::to_string(seed) + ".zip");
    EXPECT_TRUE(write_package(test::sized_request(100'000, seed), key, out));
    return out;
}

TEST(Retention, ParsesOnlyTheOutboxesOwnTimestamps) {
    EXPECT_EQ(parse_rfc3339_utc("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_rfc3339_utc("2026-12-03T04:50:00Z"), 1796273400);
    EXPECT_FALSE(parse_rfc3339_utc("2026-12-03T04:50:00+01:00"));
    EXPECT_FALSE(parse_rfc3339_utc("2026-13-03T04:50:00Z"));
    EXPECT_FALSE(parse_rfc3339_utc("2026-12-03T04:50:00Zjunk"));
    EXPECT_FALSE(parse_rfc3339_utc(""));
}

// The uploader deletes a sealed copy at its receipt; this sweep takes what a crash between the
// two (or a build that kept copies) left, and nothing a job still needs. On PostgreSQL the
// practice's copy is the chunks in the database: they go too, and only an uploaded job's.
class RetentionOnEngine : public test::OutboxOnEngine {
  protected:
    // PostgreSQL only: SQL straight at the practice's database, around the outbox.
    bool sql(const std::string& statement) {
        std::string why;
        const bool ran = cluster_->psql(database_, statement, why);
        EXPECT_TRUE(ran) << why;
        return ran;
    }
    int64_t chunk_rows(int64_t job_id) {
        auto db = record::connect_postgresql(url_);
        EXPECT_TRUE(db) << db.error().message;
        if (!db) return -1;
        auto s = (*db)->prepare("SELECT count(*) FROM outbox_chunks WHERE job_id = ?");
        EXPECT_TRUE(s) << s.error().message;
        if (!s) return -1;
        auto row = (*s)->bind(1, job_id).step();
        EXPECT_TRUE(row && *row);
        return row && *row ? (*s)->integer(0) : -1;
    }
};
class PgRetention : public RetentionOnEngine {};

TEST_P(RetentionOnEngine, OnlyAcknowledgedPackagesLoseTheirSealedCopy) {
    auto outbox = Outbox::open_location(home(0), url_);
    ASSERT_TRUE(outbox) << outbox.error().to_string();
    auto sent = outbox->add(package_in(home(0), 1)).value();
    auto queued = outbox->add(package_in(home(0), 2)).value();
    auto failed = outbox->add(package_in(home(0), 3)).value();
    if (postgres()) {
        // A build before the chunks were dropped at the receipt left them: the sweep takes them.
        ASSERT_TRUE(
            sql("UPDATE outbox_jobs SET state = 'uploaded', receipt = '{\"lab\":\"ok\"}' "
                "WHERE id = " +
                std::to_string(sent.id)));
        EXPECT_EQ(chunk_rows(sent.id), 1);
    } else {
        ASSERT_TRUE(outbox->mark_uploaded(sent.id, R"({"lab":"ok"})"));
    }
    ASSERT_TRUE(outbox->mark_failed(failed.id, "413 too large"));

    auto swept = purge_uploaded(*outbox);
    ASSERT_TRUE(swept) << swept.error().to_string();
    EXPECT_EQ(swept->removed, 1);
    EXPECT_GT(swept->bytes_freed, 100'000u);
    EXPECT_FALSE(fs::exists(outbox->sealed_path(sent)));
    EXPECT_TRUE(fs::exists(outbox->sealed_path(queued))) << "a queued job keeps its bytes";
    EXPECT_TRUE(fs::exists(outbox->sealed_path(failed))) << "a failed job may be retried";
    if (postgres()) {
        EXPECT_EQ(chunk_rows(sent.id), 0) << "the practice's copy of a sent package goes too";
        EXPECT_EQ(chunk_rows(queued.id), 1) << "another station may still send it";
        EXPECT_EQ(chunk_rows(failed.id), 1);
    }
    auto record = outbox->job(sent.id).value();
    EXPECT_EQ(record.state, JobState::uploaded) << "the row stays as the record of what was sent";
    EXPECT_EQ(nlohmann::json::parse(record.receipt)["lab"], "ok");

    auto again = purge_uploaded(*outbox);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->removed, 0) << "a purged copy is not counted twice";
    EXPECT_EQ(discard_sealed_copy(*outbox, record).value(), 0u) << "already gone is no error";
}

// The receipt is the moment the lab holds the package: on PostgreSQL its chunks go in the same
// transaction, as the sealed file goes on one chair.
TEST_P(PgRetention, TheReceiptDropsThePracticesCopyOfThePackage) {
    auto outbox = Outbox::open_location(home(0), url_);
    ASSERT_TRUE(outbox) << outbox.error().to_string();
    auto sent = outbox->add(package_in(home(0), 5)).value();
    auto other = outbox->add(package_in(home(0), 6)).value();
    ASSERT_EQ(chunk_rows(sent.id), 1);
    ASSERT_TRUE(outbox->mark_uploaded(sent.id, R"({"lab":"ok"})"));
    EXPECT_EQ(chunk_rows(sent.id), 0);
    EXPECT_EQ(chunk_rows(other.id), 1) << "only the acknowledged job's rows";
    EXPECT_EQ(outbox->job(sent.id)->state, JobState::uploaded);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, RetentionOnEngine,
                         ::testing::Values(record::Engine::sqlite, record::Engine::postgresql),
                         test::engine_name);
INSTANTIATE_TEST_SUITE_P(PostgreSql, PgRetention, ::testing::Values(record::Engine::postgresql),
                         test::engine_name);

TEST(Retention, TheCliPurgeKeepsWhatIsNotYetAcknowledged) {
    TempDir dir;
    const fs::path home = dir.path() / "home";
    fs::path sealed;
    {
        auto outbox = Outbox::open(home);
        ASSERT_TRUE(outbox);
        auto job = outbox->add(package_in(home, 4)).value();
        sealed = outbox->sealed_path(job);
    }
    // The kiosk's appointment folders: one already sealed (only its hand-out left), one unsent.
    const fs::path sent = home / "appointments" / "C-SENT",
                   unsent = home / "appointments" / "C-OPEN";
    fs::create_directories(sent);
    std::ofstream(sent / "handout.pdf") << "%PDF";
    fs::create_directories(unsent / "photos");
    std::ofstream(unsent / "photos" / "front.jpg") << "jpeg";
    // Captures of an appointment abandoned 100 days ago: past kAbandonedDays, but only deleted
    // once there is a store to audit it in.
    const fs::path abandoned = home / "appointments" / "C-GONE";
    fs::create_directories(abandoned / "scans");
    std::ofstream(abandoned / "scans" / "upper.stl") << "solid";
    const auto long_ago = fs::file_time_type::clock::now() - std::chrono::hours(24 * 100);
    for (const fs::path& p : {abandoned / "scans" / "upper.stl", abandoned / "scans", abandoned})
        fs::last_write_time(p, long_ago);
    auto first = intake::test::run_intake("outbox purge --keep-days 0", dir.path(), {.home = home});
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_EQ(nlohmann::json::parse(first.out)["appointments_abandoned_kept"], 1)
        << "no store yet: nothing to audit the discard in, so it is kept";
    EXPECT_TRUE(fs::exists(abandoned / "scans" / "upper.stl"));
    EXPECT_FALSE(fs::exists(home / "station.db")) << "purging creates no database";
    ASSERT_EQ(
        intake::test::run_intake("user add dr-lee --name 'Dr Lee' --role clinician --pin-stdin",
                                 dir.path(), {.home = home, .stdin_text = "135790\n"})
            .code,
        0);

    auto run = intake::test::run_intake("outbox purge --keep-days 0", dir.path(), {.home = home});
    ASSERT_EQ(run.code, 0) << run.err;
    const auto out = nlohmann::json::parse(run.out);
    EXPECT_EQ(out["removed"], 0);
    EXPECT_EQ(out["keep_days"], 0);
    EXPECT_EQ(out["appointments_removed"], 0) << "pruned by the first run";
    EXPECT_EQ(out["appointments_kept_unsent"], 1);
    EXPECT_EQ(out["appointments_abandoned_removed"], 1);
    EXPECT_EQ(out["handouts_removed"], 0);
    EXPECT_TRUE(fs::exists(sealed));
    EXPECT_FALSE(fs::exists(sent));
    EXPECT_FALSE(fs::exists(abandoned));
    EXPECT_TRUE(fs::exists(unsent / "photos" / "front.jpg"));
    auto audit = intake::test::run_intake("audit list", dir.path(), {.home = home});
    ASSERT_EQ(audit.code, 0) << audit.err;
    int discards = 0;
    for (const auto& e : nlohmann::json::parse(audit.out))
        discards += e["action"] == "appointment.discard-abandoned" && e["subject"] == "case C-GONE";
    EXPECT_EQ(discards, 1) << audit.out;
    auto bad = intake::test::run_intake("outbox purge --keep-days -1", dir.path(), {.home = home});
    EXPECT_EQ(bad.code, 2) << "a negative retention is a usage error";
}

}  // namespace
}  // namespace intake::package
