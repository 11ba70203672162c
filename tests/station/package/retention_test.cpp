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
#include "tests/station/package/test_support.h"
#include "tests/support/cli_runner.h"

namespace intake::package {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

fs::path make_package(const fs::path& home, unsigned seed) {
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
// two (or a build that kept copies) left, and nothing a job still needs.
TEST(Retention, OnlyAcknowledgedPackagesLoseTheirSealedCopy) {
    TempDir home;
    auto outbox = Outbox::open(home.path());
    ASSERT_TRUE(outbox) << outbox.error().to_string();
    auto sent = outbox->add(make_package(home.path(), 1)).value();
    auto queued = outbox->add(make_package(home.path(), 2)).value();
    auto failed = outbox->add(make_package(home.path(), 3)).value();
    ASSERT_TRUE(outbox->mark_uploaded(sent.id, R"({"lab":"ok"})"));
    ASSERT_TRUE(outbox->mark_failed(failed.id, "413 too large"));

    auto swept = purge_uploaded(*outbox);
    ASSERT_TRUE(swept) << swept.error().to_string();
    EXPECT_EQ(swept->removed, 1);
    EXPECT_GT(swept->bytes_freed, 100'000u);
    EXPECT_FALSE(fs::exists(outbox->sealed_path(sent)));
    EXPECT_TRUE(fs::exists(outbox->sealed_path(queued))) << "a queued job keeps its bytes";
    EXPECT_TRUE(fs::exists(outbox->sealed_path(failed))) << "a failed job may be retried";
    auto record = outbox->job(sent.id).value();
    EXPECT_EQ(record.state, JobState::uploaded) << "the row stays as the record of what was sent";
    EXPECT_EQ(nlohmann::json::parse(record.receipt)["lab"], "ok");

    auto again = purge_uploaded(*outbox);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->removed, 0) << "a purged copy is not counted twice";
    EXPECT_EQ(discard_sealed_copy(*outbox, record).value(), 0u) << "already gone is no error";
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
