// The station's retention pass (label security: fewer copies of health data on a chair-side PC,
// each kept for a stated time): sealed copies at receipt, finished appointments after
// retention_days, hand-outs after a day, never-submitted captures after kAbandonedDays with an
// audit entry — and nothing else, nothing without its audit entry, nothing of the open case.
#include "station/appointment/retention.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "station/package/outbox.h"
#include "station/package/station_key.h"
#include "station/record/audit_log.h"
#include "station/record/store.h"
#include "tests/station/package/test_support.h"

namespace intake::appointment {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// Sets the folder and everything in it to `days` ago.
void age(const fs::path& folder, int days) {
    const auto when = fs::file_time_type::clock::now() - hours(24 * days);
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        fs::last_write_time(entry.path(), when);
    fs::last_write_time(folder, when);
}

fs::path appointment(const fs::path& home, const std::string& case_id, bool captures,
                     int days_old) {
    const fs::path folder = appointments_root(home) / case_id;
    fs::create_directories(folder);
    if (captures) {
        write(folder / "photos" / "intraoral-front.jpg", std::string(1000, 'j'));
        write(folder / "scans" / "upper.stl", std::string(2000, 's'));
    }
    write(folder / "handout.pdf", "%PDF");
    age(folder, days_old);
    return folder;
}

int audited(record::Store& store, const std::string& action, const std::string& subject) {
    int n = 0;
    const auto rows = store.audit_rows();
    for (const auto& r : *rows) n += r.action == action && r.subject == subject;
    return n;
}

struct Station {
    explicit Station(const fs::path& home)
        : store(record::Store::open(record::Store::default_path(home)).value()), log(store) {}
    record::Store store;
    record::AuditLog log;
    RetentionAudit audit() { return {.store = &store, .audit = &log, .actor = "unix:test"}; }
};

TEST(StationRetention, PeriodsFollowRetentionDays) {
    const auto normal = RetentionPolicy::from_days(30);
    EXPECT_EQ(normal.keep_finished, hours(24 * 30));
    EXPECT_EQ(normal.keep_handout, hours(24));
    EXPECT_EQ(normal.keep_abandoned, hours(24 * kAbandonedDays));
    const auto at_once = RetentionPolicy::from_days(0);
    EXPECT_EQ(at_once.keep_handout, hours(0));
    EXPECT_EQ(at_once.keep_abandoned, hours(24 * kAbandonedDays)) << "never sooner than 90 days";
    EXPECT_EQ(RetentionPolicy::from_days(400).keep_abandoned, hours(24 * 400));
}

TEST(StationRetention, OnePassTakesWhatIsDueAndAuditsDiscardedCaptures) {
    test::TempDir dir;
    const fs::path home = dir.path();
    Station st(home);
    // An uploaded job whose sealed copy a crash left behind, and one still queued.
    auto key = package::load_or_create_station_key(home).value();
    auto box = package::Outbox::open(home).value();
    fs::path zips[2];
    for (unsigned i = 0; i < 2; ++i) {
        zips[i] = home / ("p" + std::to_string(i) + ".zip");
        ASSERT_TRUE(
            package::write_package(package::test::sized_request(50'000, i + 1), key, zips[i]));
    }
    auto sent = box.add(zips[0]).value();
    auto queued = box.add(zips[1]).value();
    ASSERT_TRUE(box.mark_uploaded(sent.id, R"({"lab":"ok"})"));

    const fs::path finished_old = appointment(home, "FIN-OLD", false, 40);
    const fs::path finished_new = appointment(home, "FIN-NEW", false, 2);
    const fs::path abandoned = appointment(home, "GONE", true, 100);
    const fs::path paused = appointment(home, "PAUSED", true, 80);
    const fs::path open = appointment(home, "OPEN", true, 100);
    // GONE's appointment in progress, last saved 100 days ago (PAUSED's is fresh).
    ASSERT_TRUE(st.store.save_workflow({"GONE", "{}", "{}", ""}));
    ASSERT_TRUE(st.store.save_workflow({"PAUSED", "{}", "{}", ""}));
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(record::Store::default_path(home).c_str(), &h), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(h,
                           "UPDATE workflows SET updated_at = '2020-01-01T00:00:00Z' "
                           "WHERE case_id = 'GONE'",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(h);
    const auto paused_time = fs::last_write_time(paused);

    auto policy = RetentionPolicy::from_days(30);
    policy.open_case = "OPEN";
    auto report = run_retention(home, policy, st.audit());
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->sealed.removed, 1);
    EXPECT_FALSE(fs::exists(box.sealed_path(sent)));
    EXPECT_TRUE(fs::exists(box.sealed_path(queued)));
    EXPECT_EQ(report->appointments.removed, 1);
    EXPECT_FALSE(fs::exists(finished_old));
    EXPECT_EQ(report->abandoned_removed, 1);
    EXPECT_FALSE(fs::exists(abandoned));
    EXPECT_EQ(audited(st.store, "appointment.discard-abandoned", "case GONE"), 1);
    EXPECT_FALSE(*st.store.find_workflow("GONE")) << "the abandoned draft goes with its captures";
    EXPECT_TRUE(*st.store.find_workflow("PAUSED"));
    EXPECT_TRUE(fs::exists(paused / "photos" / "intraoral-front.jpg")) << "80 days: kept";
    EXPECT_EQ(report->appointments.kept_unsent, 1) << "PAUSED (OPEN is not looked at)";
    EXPECT_TRUE(fs::exists(open / "scans" / "upper.stl")) << "the open case is never touched";
    EXPECT_TRUE(fs::exists(open / "handout.pdf"));
    // Hand-outs printed more than a day ago go, wherever they are; the folder keeps its age.
    EXPECT_EQ(report->handouts_removed, 2);
    EXPECT_FALSE(fs::exists(finished_new / "handout.pdf"));
    EXPECT_TRUE(fs::exists(finished_new));
    EXPECT_FALSE(fs::exists(paused / "handout.pdf"));
    EXPECT_EQ(fs::last_write_time(paused), paused_time) << "a swept hand-out is no sign of life";
    EXPECT_TRUE(st.log.verify()->ok);

    auto again = run_retention(home, policy, st.audit());
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_EQ(again->sealed.removed + again->appointments.removed + again->abandoned_removed +
                  again->handouts_removed,
              0)
        << "a second pass finds nothing more";
    EXPECT_EQ(audited(st.store, "appointment.discard-abandoned", "case GONE"), 1);
}

// Fail closed: with no store to audit the discard in, abandoned captures stay.
TEST(StationRetention, WithoutAnAuditAbandonedCapturesAreKept) {
    test::TempDir dir;
    const fs::path abandoned = appointment(dir.path(), "GONE", true, 200);
    auto report = run_retention(dir.path(), RetentionPolicy::from_days(30), {});
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->abandoned_removed, 0);
    EXPECT_EQ(report->abandoned_kept, 1);
    EXPECT_TRUE(fs::exists(abandoned / "photos" / "intraoral-front.jpg"));
}

// A symlink among the appointments is never followed into, however old.
TEST(StationRetention, ASymlinkedAppointmentIsNotFollowed) {
    test::TempDir dir, elsewhere;
    write(elsewhere.path() / "photos" / "precious.jpg", "not the station's");
    age(elsewhere.path(), 200);
    fs::create_directories(appointments_root(dir.path()));
    fs::create_directory_symlink(elsewhere.path(), appointments_root(dir.path()) / "LINK");
    Station st(dir.path());
    auto report = run_retention(dir.path(), RetentionPolicy::from_days(0), st.audit());
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_TRUE(fs::exists(elsewhere.path() / "photos" / "precious.jpg"));
    EXPECT_EQ(report->abandoned_removed, 0);
}

}  // namespace
}  // namespace intake::appointment
