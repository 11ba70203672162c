// Retention of sealed packages: after the lab's receipt the sealed copy goes once the retention
// period has passed; jobs still to send keep their bytes; `intake outbox purge` does the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "station/package/outbox.h"
#include "station/package/outbox_retention.h"
#include "station/package/station_key.h"
#include "tests/station/package/test_support.h"
#include "tests/support/cli_runner.h"

namespace intake::package {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using test::TempDir;

fs::path make_package(const fs::path& home, unsigned seed) {
    auto key = load_or_create_station_key(home).value();
    auto out = home / ("pkg-" + std::to_string(seed) + ".zip");
    EXPECT_TRUE(write_package(test::sized_request(100'000, seed), key, out));
    return out;
}

std::chrono::system_clock::time_point at(const std::string& rfc3339) {
    return std::chrono::system_clock::time_point(
        std::chrono::seconds(parse_rfc3339_utc(rfc3339).value()));
}

TEST(Retention, ParsesOnlyTheOutboxesOwnTimestamps) {
    EXPECT_EQ(parse_rfc3339_utc("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_rfc3339_utc("2026-12-03T04:50:00Z"), 1796273400);
    EXPECT_FALSE(parse_rfc3339_utc("2026-12-03T04:50:00+01:00"));
    EXPECT_FALSE(parse_rfc3339_utc("2026-13-03T04:50:00Z"));
    EXPECT_FALSE(parse_rfc3339_utc("2026-12-03T04:50:00Zjunk"));
    EXPECT_FALSE(parse_rfc3339_utc(""));
}

TEST(Retention, OnlyAcknowledgedPackagesGoAndOnlyAfterTheRetentionPeriod) {
    TempDir home;
    auto outbox = Outbox::open(home.path());
    ASSERT_TRUE(outbox) << outbox.error().to_string();
    auto sent = outbox->add(make_package(home.path(), 1)).value();
    auto queued = outbox->add(make_package(home.path(), 2)).value();
    auto failed = outbox->add(make_package(home.path(), 3)).value();
    ASSERT_TRUE(outbox->mark_uploaded(sent.id, R"({"lab":"ok"})"));
    ASSERT_TRUE(outbox->mark_failed(failed.id, "413 too large"));
    sent = outbox->job(sent.id).value();
    const auto receipt_time = at(sent.updated_at);

    auto early = purge_uploaded(*outbox, hours(24 * 30), receipt_time + hours(24 * 29));
    ASSERT_TRUE(early) << early.error().to_string();
    EXPECT_EQ(early->removed, 0);
    EXPECT_EQ(early->kept, 1);
    EXPECT_TRUE(fs::exists(outbox->sealed_path(sent)));

    auto due = purge_uploaded(*outbox, hours(24 * 30), receipt_time + hours(24 * 30));
    ASSERT_TRUE(due) << due.error().to_string();
    EXPECT_EQ(due->removed, 1);
    EXPECT_GT(due->bytes_freed, 100'000u);
    EXPECT_FALSE(fs::exists(outbox->sealed_path(sent)));
    EXPECT_TRUE(fs::exists(outbox->sealed_path(queued))) << "a queued job keeps its bytes";
    EXPECT_TRUE(fs::exists(outbox->sealed_path(failed))) << "a failed job may be retried";
    auto record = outbox->job(sent.id).value();
    EXPECT_EQ(record.state, JobState::uploaded) << "the row stays as the record of what was sent";
    EXPECT_EQ(nlohmann::json::parse(record.receipt)["lab"], "ok");

    auto again = purge_uploaded(*outbox, hours(0), receipt_time + hours(24 * 365));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->removed, 0) << "a purged copy is not counted twice";
}

TEST(Retention, TheCliPurgeKeepsWhatIsNotYetAcknowledged) {
    TempDir dir;
    const fs::path home = dir.path() / "home";
    fs::path sealed;
    {
        auto outbox = Outbox::open(home);
        ASSERT_TRUE(outbox);
        auto job = outbox->add(make_package(home, 4)).value();
        sealed = outbox->sealed_path(job);
    }
    // The kiosk's appointment folders: one already sealed (only its hand-out left), one unsent.
    const fs::path sent = home / "appointments" / "C-SENT",
                   unsent = home / "appointments" / "C-OPEN";
    fs::create_directories(sent);
    std::ofstream(sent / "handout.pdf") << "%PDF";
    fs::create_directories(unsent / "photos");
    std::ofstream(unsent / "photos" / "front.jpg") << "jpeg";
    auto run = intake::test::run_intake("outbox purge --keep-days 0", dir.path(), {.home = home});
    ASSERT_EQ(run.code, 0) << run.err;
    const auto out = nlohmann::json::parse(run.out);
    EXPECT_EQ(out["removed"], 0);
    EXPECT_EQ(out["keep_days"], 0);
    EXPECT_EQ(out["appointments_removed"], 1);
    EXPECT_EQ(out["appointments_kept_unsent"], 1);
    EXPECT_TRUE(fs::exists(sealed));
    EXPECT_FALSE(fs::exists(sent));
    EXPECT_TRUE(fs::exists(unsent / "photos" / "front.jpg"));
    auto bad = intake::test::run_intake("outbox purge --keep-days -1", dir.path(), {.home = home});
    EXPECT_EQ(bad.code, 2) << "a negative retention is a usage error";
}

}  // namespace
}  // namespace intake::package
