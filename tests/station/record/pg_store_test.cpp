// What is particular to each engine: PostgreSQL's connection strings stay out of messages and
// SQLite's pragmas answer "not applicable" there; SQLite files from the previous schema keep
// working.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "station/record/database.h"
#include "station/record/pg_database.h"
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

// What a server restart, a failover or an administrator does to every station's connection:
// the server ends it (pg_terminate_backend, which waits until the backend is gone).
class PgDroppedConnection : public PgOnly {
  protected:
    void drop_connections() {
        ASSERT_TRUE(as_admin(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '" +
            database_ + "'"));
    }
    // From the cluster's `postgres` database: this test's may be refusing connections.
    bool as_admin(const std::string& sql) {
        std::string why;
        const bool done = cluster_->psql("postgres", sql, why);
        EXPECT_TRUE(done) << why;
        return done;
    }
    int64_t count(Database& db, const std::string& sql) {
        auto q = db.prepare(sql);
        EXPECT_TRUE(q);
        auto row = (*q)->step();
        EXPECT_TRUE(row && *row) << (row ? "no row" : row.error().message);
        return row && *row ? (*q)->integer(0) : -1;
    }
};

TEST_P(PgDroppedConnection, IsReEstablishedBeforeTheNextStatement) {
    Store store = open();
    ASSERT_TRUE(store.save_workflow({"C-1", "{\"v\":1}", "", ""}));
    drop_connections();
    // The station was idle when the server let go: its next read simply works.
    auto row = store.find_workflow("C-1");
    ASSERT_TRUE(row) << row.error().message;
    ASSERT_TRUE(*row);
    EXPECT_EQ((*row)->state_json, "{\"v\":1}");
    auto saved = store.update_workflow({"C-1", "{\"v\":2}", "", ""}, 1);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(*saved, 2);
}

TEST_P(PgDroppedConnection, ListeningSurvivesItAndSaysWhatWasMissed) {
    Store watcher = open();
    Store writer = open();
    ASSERT_TRUE(watcher.watch_workflows());
    drop_connections();
    // Written while the watcher is not connected: this announcement never reaches it.
    ASSERT_EQ(*writer.update_workflow({"C-2", "{}", "{}", ""}, 0), 1);
    auto news = watcher.workflow_changes();
    ASSERT_TRUE(news) << news.error().message;
    EXPECT_TRUE(news->interrupted) << "a lost announcement must not pass in silence";
    EXPECT_TRUE(news->changes.empty());
    // Listening again: the next write is announced as before.
    ASSERT_EQ(*writer.update_workflow({"C-2", "{}", "{\"x\":1}", ""}, 1), 2);
    std::vector<WorkflowChange> seen;
    for (int i = 0; i < 500 && seen.empty(); ++i) {
        news = watcher.workflow_changes();
        ASSERT_TRUE(news) << news.error().message;
        EXPECT_FALSE(news->interrupted);
        seen = news->changes;
        if (seen.empty()) ::usleep(10000);
    }
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].case_id, "C-2");
    EXPECT_EQ(seen[0].version, 2);
}

// The attack on atomicity: had the connection been re-established inside the transaction, the
// statements after the drop would have committed one by one, outside it.
TEST_P(PgDroppedConnection, InsideATransactionFailsItUntilRolledBack) {
    auto connected = connect_postgresql(location_);
    ASSERT_TRUE(connected) << connected.error().message;
    Database& db = **connected;
    ASSERT_TRUE(db.exec("CREATE TABLE visits (n INTEGER)", "create"));
    ASSERT_TRUE(db.begin());
    ASSERT_TRUE(db.exec("INSERT INTO visits VALUES (1)", "first"));
    drop_connections();
    auto second = db.exec("INSERT INTO visits VALUES (2)", "second");
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, Errc::network) << second.error().message;
    EXPECT_TRUE(db.in_transaction());
    auto third = db.prepare("INSERT INTO visits VALUES (3)");
    ASSERT_TRUE(third);
    EXPECT_FALSE((*third)->step()) << "no statement may run outside the caller's transaction";
    EXPECT_TRUE(db.rollback());
    EXPECT_FALSE(db.in_transaction());
    ASSERT_TRUE(db.exec("INSERT INTO visits VALUES (4)", "after"));
    EXPECT_EQ(db.reconnects(), 1);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM visits"), 1);
    EXPECT_EQ(count(db, "SELECT MAX(n) FROM visits"), 4);
}

TEST_P(PgDroppedConnection, AServerThatStaysAwayIsANetworkError) {
    Store store = open();
    // Nobody may connect to this database any more: the way a server that is down looks.
    ASSERT_TRUE(as_admin("ALTER DATABASE " + database_ + " WITH ALLOW_CONNECTIONS false"));
    drop_connections();
    auto row = store.find_workflow("C-1");
    ASSERT_FALSE(row);
    EXPECT_EQ(row.error().code, Errc::network);
    EXPECT_NE(row.error().message.find("not re-established"), std::string::npos)
        << row.error().message;
    // Not tried again at once: a host that does not answer costs a connect_timeout per try.
    auto soon = store.find_workflow("C-1");
    ASSERT_FALSE(soon);
    EXPECT_EQ(soon.error().code, Errc::network);
    EXPECT_NE(soon.error().message.find("trying again in 1 s"), std::string::npos)
        << soon.error().message;
    ASSERT_TRUE(as_admin("ALTER DATABASE " + database_ + " WITH ALLOW_CONNECTIONS true"));
    ::usleep(1'100'000);  // the first wait is 1 s
    auto again = store.find_workflow("C-1");
    EXPECT_TRUE(again) << again.error().message;
}

INSTANTIATE_TEST_SUITE_P(Postgresql, PgOnly, ::testing::Values(Engine::postgresql), engine_name);
INSTANTIATE_TEST_SUITE_P(Postgresql, PgDroppedConnection, ::testing::Values(Engine::postgresql),
                         engine_name);

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
