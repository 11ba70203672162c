// Kiosks of one practice, for the tests that put two stations on one database: each station an
// AppContext with a home of its own (keys, outbox, appointment folders) and the practice's
// database, on either engine — an SQLite file in a shared folder, or a new database in the test
// process's throwaway PostgreSQL cluster (tests/support/pg_cluster.h).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app_context.h"
#include "station/record/database.h"
#include "station/record/pin_auth.h"
#include "tests/support/pg_cluster.h"
#include "ui_harness.h"

namespace intake::app::test {

class PracticeStations : public ::testing::TestWithParam<record::Engine> {
  public:
    static std::string engine_name(record::Engine engine) {
        return engine == record::Engine::sqlite ? "sqlite" : "postgresql";
    }
    // The test name's suffix: `…/sqlite` or `…/postgresql`.
    static std::string param_name(const ::testing::TestParamInfo<record::Engine>& info) {
        return engine_name(info.param);
    }

  protected:
    void SetUp() override {
        ensure_app();
        const std::string name = std::string("practice-") + engine_name(GetParam()) + "-" +
                                 std::to_string(::getpid()) + "-" + std::to_string(++counter_);
        shared_ = fresh_home(name);
        if (!postgres()) {
            location_ = (shared_ / "practice.db").string();
            return;
        }
        std::string why;
        auto* cluster = intake::test::PgCluster::shared(why);
        ASSERT_NE(cluster, nullptr) << why;
        location_ = cluster->create_database(
            "kiosk" + std::to_string(::getpid()) + "_" + std::to_string(counter_), why);
        ASSERT_FALSE(location_.empty()) << why;
    }

    bool postgres() const { return GetParam() == record::Engine::postgresql; }

    // A station of the practice: its own home under the shared folder, the practice's database.
    std::unique_ptr<AppContext> station(const std::string& name, bool demo) {
        AppConfig c;
        c.home = shared_ / name;
        c.station.database = location_;
        c.demo = demo;
        c.pin_options = record::PinAuthOptions::fast_for_tests();
        auto ctx = std::make_unique<AppContext>(c);
        auto opened = ctx->open_store();
        EXPECT_TRUE(opened) << opened.error().to_string();
        return ctx;
    }

    std::filesystem::path shared_;  // the practice's folder: the SQLite file, the stations' homes
    std::string location_;          // what station.conf's `database =` says

  private:
    static inline int counter_ = 0;
};

}  // namespace intake::app::test
