// The same store tests on both engines: a fixture parameterised over the engine that
// hands each test a fresh database — an SQLite file in a temporary folder, or a new database in
// the test process's throwaway PostgreSQL cluster (tests/support/pg_cluster.h) — and a way to
// tamper with it directly, the way someone with access to the database would.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "station/record/database.h"
#include "station/record/pin_auth.h"
#include "station/record/schema_migrations.h"
#include "station/record/store.h"
#include "tests/support/pg_cluster.h"

namespace intake::record::test {

class EngineTest : public ::testing::TestWithParam<Engine> {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("intake-engine-" + std::to_string(::getpid()) + "-" + std::to_string(++counter_));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        if (GetParam() == Engine::sqlite) {
            location_ = (dir_ / "station.db").string();
            return;
        }
        std::string why;
        cluster_ = intake::test::PgCluster::shared(why);
        ASSERT_NE(cluster_, nullptr) << why;
        database_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter_);
        location_ = cluster_->create_database(database_, why);
        ASSERT_FALSE(location_.empty()) << why;
    }
    void TearDown() override {
        // A cluster shared by the binary's tests outlives this process: leave it no database.
        if (cluster_ != nullptr && cluster_->attached()) {
            std::string why;
            EXPECT_TRUE(cluster_->drop_database(database_, why)) << why;
        }
        std::filesystem::remove_all(dir_);
    }

    bool postgres() const { return GetParam() == Engine::postgresql; }
    int newest_schema() const { return postgres() ? kPgSchemaVersion : kSchemaVersion; }

    // Cheap argon2id, and the pepper in this test's folder: beside station.db on SQLite (its
    // default place), named explicitly on PostgreSQL, which has no folder of its own.
    PinAuthOptions pin_options() const {
        PinAuthOptions options = PinAuthOptions::fast_for_tests();
        options.pepper_file = dir_ / "keys" / "pin-pepper";
        return options;
    }

    Store open() {
        auto s = Store::open_location(location_);
        EXPECT_TRUE(s) << s.error().message;
        return std::move(*s);
    }

    // Runs SQL outside the store: `sqlite_sql` or `pg_sql` by engine. false when refused.
    bool raw_sql(const std::string& sqlite_sql, const std::string& pg_sql) {
        if (postgres()) {
            std::string why;
            return cluster_->psql(database_, pg_sql, why);
        }
        sqlite3* h = nullptr;
        if (sqlite3_open(location_.c_str(), &h) != SQLITE_OK) return false;
        const int rc = sqlite3_exec(h, sqlite_sql.c_str(), nullptr, nullptr, nullptr);
        sqlite3_close(h);
        return rc == SQLITE_OK;
    }

    std::filesystem::path dir_;  // scratch space for both engines
    std::string location_;       // what Store::open_location takes
    std::string database_;       // PostgreSQL: the database's name
    intake::test::PgCluster* cluster_ = nullptr;

  private:
    static inline int counter_ = 0;
};

// INSTANTIATE_TEST_SUITE_P(BothEngines, Suite, kBothEngines, engine_name);
inline const auto kBothEngines = ::testing::Values(Engine::sqlite, Engine::postgresql);

inline std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
    return info.param == Engine::sqlite ? "sqlite" : "postgresql";
}

}  // namespace intake::record::test
