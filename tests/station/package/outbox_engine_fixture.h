// The outbox on both engines: a fixture parameterised over the engine that hands each test an
// outbox on SQLite (one chair: <home>/outbox/outbox.db, every "station" the same home) or on a
// new database in the test binary's throwaway PostgreSQL cluster (tests/support/pg_cluster.h;
// station 1 a home of its own holding the practice's seal key).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "station/package/outbox.h"
#include "station/package/uploader.h"
#include "station/record/database.h"
#include "station/record/pg_database.h"
#include "tests/station/package/test_support.h"
#include "tests/support/pg_cluster.h"

namespace intake::package::test {

using record::Engine;
namespace fs = std::filesystem;

class OutboxOnEngine : public ::testing::TestWithParam<Engine> {
  protected:
    void SetUp() override {
        if (GetParam() == Engine::sqlite) return;
        std::string why;
        cluster_ = intake::test::PgCluster::shared(why);
        ASSERT_NE(cluster_, nullptr) << why;
        database_ = "outbox" + std::to_string(::getpid()) + "_" + std::to_string(++counter_);
        url_ = cluster_->create_database(database_, why);
        ASSERT_FALSE(url_.empty()) << why;
    }
    void TearDown() override {
        // A cluster shared by the binary's tests outlives this process: leave it no database.
        if (cluster_ != nullptr && cluster_->attached()) {
            std::string why;
            EXPECT_TRUE(cluster_->drop_database(database_, why)) << why;
        }
    }
    bool postgres() const { return GetParam() == Engine::postgresql; }

    // Station 0 queues. On SQLite every "station" is the same chair (the same home); on
    // PostgreSQL station 1 has a home of its own holding the practice's seal key.
    const fs::path& home(int station) {
        if (!postgres() || station == 0) return home_a_.path();
        std::error_code ec;
        fs::create_directories(home_b_.path() / "keys", ec);
        fs::copy_file(home_a_.path() / "keys" / "outbox.key",
                      home_b_.path() / "keys" / "outbox.key", fs::copy_options::skip_existing, ec);
        return home_b_.path();
    }
    Outbox open(int station) {
        auto box = Outbox::open_location(home(station), url_);
        EXPECT_TRUE(box) << box.error().to_string();
        return std::move(*box);
    }
    fs::path make_package(size_t n, unsigned seed) {
        auto key = load_or_create_station_key(home_a_.path()).value();
        auto out = home_a_.path() / ("pkg-" + std::to_string(seed) + ".zip");
        EXPECT_TRUE(write_package(sized_request(n, seed), key, out));
        return out;
    }

    // Where a job's sealed bytes are: its chunk rows in the database (PostgreSQL) and the
    // sealed file in `box`'s station folder (-1 when there is none).
    struct SealedBytes {
        int64_t rows = 0, row_bytes = 0, file_bytes = -1;
        bool operator==(const SealedBytes&) const = default;
    };
    SealedBytes sealed_bytes(const Outbox& box, const OutboxJob& job) {
        SealedBytes b;
        std::error_code ec;
        const auto size = fs::file_size(box.sealed_path(job), ec);
        if (!ec) b.file_bytes = static_cast<int64_t>(size);
        if (!postgres()) return b;
        auto db = record::connect_postgresql(url_);
        EXPECT_TRUE(db) << db.error().to_string();
        auto s = (*db)->prepare(
            "SELECT count(*), COALESCE(sum(octet_length(bytes)), 0) FROM outbox_chunks "
            "WHERE job_id=?");
        EXPECT_TRUE(s) << s.error().to_string();
        EXPECT_TRUE((*s)->bind(1, job.id).step().value_or(false));
        b.rows = (*s)->integer(0);
        b.row_bytes = (*s)->integer(1);
        return b;
    }

    // Runs SQL on the outbox's tables outside any Outbox: `sqlite_sql` on station 0's outbox.db,
    // or `pg_sql` on the practice's database. false when refused.
    bool job_sql(const std::string& sqlite_sql, const std::string& pg_sql) {
        if (postgres()) {
            std::string why;
            const bool done = cluster_->psql(database_, pg_sql, why);
            EXPECT_TRUE(done) << why;
            return done;
        }
        sqlite3* db = nullptr;
        const std::string file = (home_a_.path() / "outbox" / "outbox.db").string();
        bool done = sqlite3_open(file.c_str(), &db) == SQLITE_OK &&
                    sqlite3_exec(db, sqlite_sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
        EXPECT_TRUE(done) << sqlite3_errmsg(db);
        sqlite3_close(db);
        return done;
    }

    // The receipt stored as a build before the shared outbox's retention did: the job uploaded,
    // its chunk rows left in the database (Outbox::mark_uploaded now deletes them with it).
    void store_receipt_only(int64_t id, const std::string& receipt) {
        auto db = record::connect_postgresql(url_);
        ASSERT_TRUE(db) << db.error().to_string();
        auto s = (*db)->prepare("UPDATE outbox_jobs SET state='uploaded', receipt=? WHERE id=?");
        ASSERT_TRUE(s) << s.error().to_string();
        auto done = (*s)->bind(1, receipt).bind(2, id).step();
        ASSERT_TRUE(done) << done.error().to_string();
    }

    test::TempDir home_a_{"outbox-a"}, home_b_{"outbox-b"};
    std::string url_;  // empty on SQLite: Outbox::open_location then opens outbox.db
    std::string database_;
    intake::test::PgCluster* cluster_ = nullptr;

  private:
    static inline int counter_ = 0;
};

inline std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
    return info.param == Engine::sqlite ? "sqlite" : "postgresql";
}

}  // namespace intake::package::test
