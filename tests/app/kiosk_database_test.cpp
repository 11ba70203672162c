// The kiosk opens the store the CLI would (issue 17): station.conf's `database` or --database —
// an SQLite file or the practice's PostgreSQL (a database in the test process's throwaway
// cluster, tests/support/pg_cluster.h) — and nothing at <home>/station.db then; an explicit
// --home means its own station.db, as for `intake --home`. The outbox follows the store: on
// PostgreSQL a package one station queues is in the practice's shared outbox.
#include <gtest/gtest.h>
#include <unistd.h>

#include <QTest>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app_context.h"
#include "outbox_adapter.h"
#include "station/package/package_writer.h"
#include "station/package/station_key.h"
#include "station/record/store.h"
#include "tests/app/practice_stations.h"
#include "tests/station/package/test_support.h"
#include "tests/support/pg_cluster.h"
#include "ui_harness.h"

namespace intake::app::test {
namespace {

namespace fs = std::filesystem;
namespace rec = intake::record;

using Engine = rec::Engine;

class KioskDatabase : public PracticeStations {};

TEST_P(KioskDatabase, TwoStationsOpenThePracticeDatabaseNamed) {
    auto chair = station("chair-1", /*demo=*/true);
    auto engine = chair->store().with_store(
        [](rec::Store& store, rec::AuditLog&) { return store.engine_name(); });
    EXPECT_EQ(engine, GetParam() == Engine::sqlite ? "sqlite" : "postgresql");
    EXPECT_FALSE(fs::exists(chair->home() / "station.db")) << "the store is the one named";
    auto desk = station("desk", /*demo=*/false);
    auto cases = desk->store().with_store(
        [](rec::Store& store, rec::AuditLog&) { return store.list_cases(); });
    ASSERT_TRUE(cases) << cases.error().to_string();
    EXPECT_EQ(cases->total, 1) << "the desk sees the case the chair's --demo seeded";
    // One practice, one staff list: the desk finds the user the chair enrolled.
    auto user = desk->store().with_store(
        [](rec::Store& store, rec::AuditLog&) { return store.find_user("clinician"); });
    ASSERT_TRUE(user && *user);
    EXPECT_EQ((*user)->role, "clinician");
}

// The kiosk's outbox is the store's: on PostgreSQL the practice's shared outbox (nothing at
// <home>/outbox/outbox.db), where another station holding the practice's seal key lists the
// package; on SQLite the chair's own outbox.db beside its home.
TEST_P(KioskDatabase, TheOutboxFollowsTheDatabase) {
    auto chair = station("chair-1", /*demo=*/true);
    OutboxAdapter chair_box(*chair);
    ASSERT_TRUE(QTest::qWaitFor([&] { return chair_box.retention_passes() >= 1; }, 30000));
    auto key = intake::package::load_or_create_station_key(chair->home());
    ASSERT_TRUE(key) << key.error().to_string();
    const fs::path zip = chair->home() / "queued.zip";
    ASSERT_TRUE(
        intake::package::write_package(intake::package::test::sized_request(4096, 7), *key, zip));
    EXPECT_EQ(chair_box.enqueue(zip).toStdString(), "");
    EXPECT_EQ(chair_box.property("packages").toList().size(), 1);
    EXPECT_EQ(fs::exists(chair->home() / "outbox" / "outbox.db"), !postgres());
    if (!postgres()) return;

    fs::create_directories(shared_ / "desk" / "keys");
    fs::copy_file(chair->home() / "keys" / "outbox.key", shared_ / "desk" / "keys" / "outbox.key");
    auto desk = station("desk", /*demo=*/false);
    OutboxAdapter desk_box(*desk);
    ASSERT_TRUE(QTest::qWaitFor([&] { return desk_box.retention_passes() >= 1; }, 30000));
    const QVariantList listed = desk_box.property("packages").toList();
    ASSERT_EQ(listed.size(), 1) << desk_box.property("message").toString().toStdString();
    EXPECT_FALSE(fs::exists(desk->home() / "outbox" / "outbox.db"));
}

INSTANTIATE_TEST_SUITE_P(BothEngines, KioskDatabase,
                         ::testing::Values(Engine::sqlite, Engine::postgresql),
                         PracticeStations::param_name);

// station.conf's database unless --home is given; --database wins over both.
TEST(KioskDatabaseFlags, TheCliOrderPicksTheStore) {
    const fs::path root = fresh_home("kiosk-database-conf");
    fs::create_directories(root / "intake-station");
    std::ofstream(root / "intake-station" / "station.conf")
        << "database = postgresql://db.practice.example/intake\n";
    setenv("XDG_CONFIG_HOME", root.c_str(), 1);
    setenv("INTAKE_SYSTEM_CONFIG", (root / "no-system.conf").c_str(), 1);
    EXPECT_EQ(parse_config({"intake-kiosk"}).station.database,
              "postgresql://db.practice.example/intake");
    EXPECT_EQ(parse_config({"intake-kiosk", "--home", QString::fromStdString(root.string())})
                  .station.database,
              "")
        << "an explicit --home means its own station.db";
    EXPECT_EQ(parse_config({"intake-kiosk", "--home", QString::fromStdString(root.string()),
                            "--database", "/srv/one.db"})
                  .station.database,
              "/srv/one.db");
}

}  // namespace
}  // namespace intake::app::test
