// What is particular to each engine: PostgreSQL's connection strings stay out of messages and
// SQLite's pragmas answer "not applicable" there; SQLite files from the previous schema keep
// working.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "station/record/database.h"
#include "tests/station/record/engine_fixture.h"

namespace intake::record::test {
namespace {

TEST(PgStore, APasswordInTheUrlNeverReachesAMessage) {
    EXPECT_TRUE(is_postgresql_url("postgresql://u@/db"));
    EXPECT_TRUE(is_postgresql_url("postgres://u@/db"));
    EXPECT_FALSE(is_postgresql_url("/var/lib/intake/station.db"));
    EXPECT_EQ(
        redact_url("postgresql://intake:s3cret@db.practice:5432/intake?password=x&sslmode=require"),
        "postgresql://db.practice:5432/intake");
    auto s = Store::open_location(
        "postgresql://intake:s3cret@/intake?host=/nonexistent-socket-dir&password=s3cret2");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::network);
    EXPECT_EQ(s.error().message.find("s3cret"), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("postgresql:///intake"), std::string::npos)
        << s.error().message;
}

class PgOnly : public EngineTest {};

TEST_P(PgOnly, HasNoFileAndNoSqlitePragmas) {
    Store store = open();
    EXPECT_TRUE(store.path().empty());
    EXPECT_EQ(store.journal_mode(), "");
    EXPECT_EQ(store.synchronous(), -1);
    // Every other call runs there (store_records_engine_test.cpp): no Errc::unsupported left.
    auto practice = store.add_practice({0, "P", ""});
    ASSERT_TRUE(practice) << practice.error().message;
    EXPECT_GT(*practice, 0);
}

INSTANTIATE_TEST_SUITE_P(Postgresql, PgOnly, ::testing::Values(Engine::postgresql), engine_name);

// A station.db from the build before workflow versions (schema 7) gains workflow versions, rows
// kept.
TEST(SqliteStore, AVersion7DatabaseGainsWorkflowVersionsKeepingItsRows) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("intake-v7-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    const auto db = dir / "station.db";
    {
        auto store = Store::open(db);
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->save_workflow({"OLD-1", "{\"step\":3}", "{}", ""}));
    }
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(h,
                     "ALTER TABLE workflows DROP COLUMN version; DROP TABLE sign_in_attempts; "
                     "PRAGMA user_version = 7;",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(h);
    auto store = Store::open(db);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(store->schema_version(), kSchemaVersion);
    auto row = store->find_workflow("OLD-1");
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->state_json, "{\"step\":3}");
    EXPECT_EQ((*row)->version, 1);
    EXPECT_TRUE(store->update_workflow({"OLD-1", "{}", "{}", ""}, 1));
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace intake::record::test
