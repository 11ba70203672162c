// Sealing at rest (SealedFile, DecryptAhead), and what only an outbox.db file has (SqliteOutbox.*:
// a scribbled file, files from older and newer builds). The queue and the upload state machine
// run on both engines in outbox_queue_engine_test.cpp and outbox_engine_test.cpp.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "base/atomic_file.h"
#include "station/package/decrypt_ahead.h"
#include "station/package/outbox.h"
#include "station/package/sealed_file.h"
#include "station/package/uploader.h"
#include "tests/station/package/memory_tus.h"
#include "tests/station/package/test_support.h"

namespace intake::package {
namespace {

using test::MemoryTus;
using test::TempDir;

SealKey some_key() {
    SealKey k{};
    for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<unsigned char>(i * 7 + 1);
    return k;
}

TEST(SealedFile, RoundTripsAndSeeksAcrossChunks) {
    TempDir dir;
    for (size_t n : {size_t{0}, size_t{1}, kSealChunk, kSealChunk * 3 + 17}) {
        auto plain = test::random_bytes(n, static_cast<unsigned>(n));
        auto path = dir.path() / ("s" + std::to_string(n));
        ASSERT_TRUE(seal_bytes(plain, some_key(), path));
        auto back = unseal_file(path, some_key());
        ASSERT_TRUE(back) << back.error().to_string();
        EXPECT_EQ(*back, plain);
        auto reader = SealedReader::open(path, some_key());
        ASSERT_TRUE(reader);
        for (uint64_t at : {n / 2, uint64_t{0}, n}) {  // forward, backward, end
            ASSERT_TRUE(reader->seek(at));
            std::vector<std::byte> rest(n - at);
            auto got = reader->read(rest);
            ASSERT_TRUE(got) << got.error().to_string();
            EXPECT_EQ(*got, n - at);
            EXPECT_TRUE(
                std::equal(rest.begin(), rest.end(), plain.begin() + static_cast<long>(at)));
        }
    }
}

TEST(SealedFile, SeeksBackIntoAMessageDecryptedInPlace) {
    TempDir dir;
    auto plain = test::random_bytes(kSealChunk * 4 + 100, 11);
    ASSERT_TRUE(seal_bytes(plain, some_key(), dir.path() / "s"));
    auto reader = SealedReader::open(dir.path() / "s", some_key());
    ASSERT_TRUE(reader);
    std::vector<std::byte> two(kSealChunk * 2);  // whole messages: decrypted in place
    ASSERT_EQ(reader->read(two).value(), two.size());
    for (uint64_t at : {kSealChunk + 5, kSealChunk * 2, uint64_t{3}, kSealChunk * 4 + 99}) {
        ASSERT_TRUE(reader->seek(at));
        std::vector<std::byte> rest(plain.size() - at);
        ASSERT_EQ(reader->read(rest).value(), rest.size());
        EXPECT_TRUE(std::equal(rest.begin(), rest.end(), plain.begin() + static_cast<long>(at)))
            << at;
    }
}

// Reads every chunk DecryptAhead hands out from `offset` and returns them joined.
Result<std::vector<std::byte>> drain(SealedReader& reader, uint64_t offset, size_t chunk,
                                     size_t depth) {
    DecryptAhead ahead(reader, offset, chunk, depth);
    std::vector<std::byte> out;
    uint64_t expected = offset;
    while (true) {
        auto c = ahead.next();
        if (!c) return fail(c.error());
        if (c->bytes.empty()) break;
        EXPECT_EQ(c->offset, expected);
        EXPECT_LE(c->bytes.size(), chunk);
        expected += c->bytes.size();
        out.insert(out.end(), c->bytes.begin(), c->bytes.end());
        ahead.release(*c);
    }
    EXPECT_EQ(ahead.next().value().bytes.size(), 0u);  // the end stays the end
    return out;
}

TEST(DecryptAhead, HandsOutEveryChunkInOrderFromAnyOffset) {
    TempDir dir;
    auto plain = test::random_bytes(kSealChunk * 9 + 1234, 12);
    ASSERT_TRUE(seal_bytes(plain, some_key(), dir.path() / "s"));
    auto reader = SealedReader::open(dir.path() / "s", some_key());
    ASSERT_TRUE(reader);
    struct Case {
        uint64_t offset;
        size_t chunk, depth;
    };
    for (auto [offset, chunk, depth] :
         {Case{0, kSealChunk * 2, 2}, Case{0, 100'000, 1}, Case{kSealChunk * 3 + 7, 200'001, 3},
          Case{plain.size() - 10, kSealChunk, 2}, Case{plain.size(), kSealChunk, 2},
          Case{5, plain.size() * 2, 2}}) {
        auto got = drain(*reader, offset, chunk, depth);
        ASSERT_TRUE(got) << got.error().to_string();
        ASSERT_EQ(got->size(), plain.size() - offset) << offset << " " << chunk;
        EXPECT_TRUE(std::equal(got->begin(), got->end(), plain.begin() + static_cast<long>(offset)))
            << offset << " " << chunk;
    }
}

TEST(DecryptAhead, ReportsCorruptionAndStopsCleanlyMidStream) {
    TempDir dir;
    auto plain = test::random_bytes(kSealChunk * 20, 13);
    ASSERT_TRUE(seal_bytes(plain, some_key(), dir.path() / "s"));
    auto sealed = test::read_all(dir.path() / "s");
    sealed[sealed.size() - kSealChunk] ^= std::byte{2};  // in the last messages
    ASSERT_TRUE(write_file_atomic(dir.path() / "bad", sealed));
    auto bad = SealedReader::open(dir.path() / "bad", some_key());
    ASSERT_TRUE(bad);
    auto got = drain(*bad, 0, kSealChunk * 3, 2);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, Errc::corrupt);
    EXPECT_NE(got.error().message.find("failed authentication"), std::string::npos);
    // Abandoned after one chunk while the producer may be mid-way: no hang, no leak (ASan).
    auto good = SealedReader::open(dir.path() / "s", some_key());
    ASSERT_TRUE(good);
    {
        DecryptAhead ahead(*good, 0, kSealChunk, 3);
        auto first = ahead.next();
        ASSERT_TRUE(first);
        EXPECT_EQ(first->bytes.size(), kSealChunk);
    }
    // The reader is usable again afterwards, from anywhere.
    auto again = drain(*good, kSealChunk * 2, kSealChunk * 5, 2);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->size(), plain.size() - kSealChunk * 2);
}

TEST(SealedFile, DetectsFlippedByteTruncationAndWrongKey) {
    TempDir dir;
    auto plain = test::random_bytes(kSealChunk * 2 + 5, 3);
    auto path = dir.path() / "s";
    ASSERT_TRUE(seal_bytes(plain, some_key(), path));
    auto sealed = test::read_all(path);
    auto flipped = sealed;
    flipped[flipped.size() / 2] ^= std::byte{1};
    ASSERT_TRUE(write_file_atomic(dir.path() / "flipped", flipped));
    auto r1 = unseal_file(dir.path() / "flipped", some_key());
    ASSERT_FALSE(r1);
    EXPECT_EQ(r1.error().code, Errc::corrupt);
    EXPECT_NE(r1.error().message.find("flipped"), std::string::npos);
    auto cut = sealed;
    cut.resize(cut.size() - 30);
    ASSERT_TRUE(write_file_atomic(dir.path() / "cut", cut));
    EXPECT_EQ(unseal_file(dir.path() / "cut", some_key()).error().code, Errc::corrupt);
    SealKey other = some_key();
    other[0] ^= 1;
    EXPECT_EQ(unseal_file(path, other).error().code, Errc::corrupt);
    // The plaintext does not appear in the sealed file.
    auto needle = std::vector<std::byte>(plain.begin(), plain.begin() + 32);
    EXPECT_EQ(std::search(sealed.begin(), sealed.end(), needle.begin(), needle.end()),
              sealed.end());
}

std::filesystem::path make_package(const std::filesystem::path& home, size_t n, unsigned seed) {
    auto key = load_or_create_station_key(home).value();
    auto out = home / ("pkg-" + std::to_string(seed) + ".zip");
    EXPECT_TRUE(write_package(test::sized_request(n, seed), key, out));
    return out;
}

TEST(SqliteOutbox, CorruptedDatabaseIsDetected) {
    TempDir home;
    {
        auto outbox = Outbox::open(home.path());
        ASSERT_TRUE(outbox);
        ASSERT_TRUE(outbox->add(make_package(home.path(), 1000, 3)));
    }
    auto db = home.path() / "outbox" / "outbox.db";
    std::filesystem::remove(home.path() / "outbox" / "outbox.db-wal");
    std::filesystem::remove(home.path() / "outbox" / "outbox.db-shm");
    auto bytes = test::read_all(db);
    ASSERT_GT(bytes.size(), 4096u);
    for (size_t i = 100; i < bytes.size(); i += 97)
        bytes[i] = std::byte{0xA5};  // scribble over every page
    ASSERT_TRUE(write_file_atomic(db, bytes));
    auto outbox = Outbox::open(home.path());
    ASSERT_FALSE(outbox);
    EXPECT_EQ(outbox.error().code, Errc::corrupt);
    EXPECT_NE(outbox.error().message.find("outbox.db"), std::string::npos);
}

TEST(SqliteOutbox, OpensADatabaseFromBeforeTheIntentColumn) {
    TempDir home;
    int64_t id = 0;
    {
        auto outbox = Outbox::open(home.path());
        id = outbox->add(make_package(home.path(), 1000, 17))->id;
        ASSERT_TRUE(outbox->set_upload(id, "mem://old", 12));
    }
    auto db = home.path() / "outbox" / "outbox.db";
    {  // an outbox.db as builds before the intent column wrote it (the linked SQLite, no CLI)
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
        EXPECT_EQ(sqlite3_exec(raw, "ALTER TABLE jobs DROP COLUMN create_intent", nullptr, nullptr,
                               nullptr),
                  SQLITE_OK)
            << sqlite3_errmsg(raw);
        sqlite3_close(raw);
    }
    auto outbox = Outbox::open(home.path());
    ASSERT_TRUE(outbox) << outbox.error().to_string();
    auto job = outbox->job(id);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->upload_url, "mem://old");
    EXPECT_EQ(job->offset, 12u);
    EXPECT_EQ(job->create_intent, "");
    EXPECT_TRUE(outbox->set_create_intent(id, "abc"));
    EXPECT_EQ(outbox->job(id)->create_intent, "abc");
}

// An outbox.db written before the schema was numbered (user_version 0, the first columns only,
// as the first builds made it) is brought up to date in place: its jobs, keys and sealed files
// are kept, and the job is then uploaded byte-identical.
TEST(SqliteOutbox, MigratesAnUnnumberedOutboxDbInPlace) {
    TempDir home;
    auto pkg = make_package(home.path(), 250'000, 18);
    int64_t id = 0;
    {
        auto outbox = Outbox::open(home.path());
        ASSERT_TRUE(outbox) << outbox.error().to_string();
        id = outbox->add(pkg)->id;
    }
    auto db = home.path() / "outbox" / "outbox.db";
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
        for (const char* sql :
             {"ALTER TABLE jobs DROP COLUMN create_intent",
              "ALTER TABLE jobs DROP COLUMN claimed_by", "ALTER TABLE jobs DROP COLUMN lease_until",
              "PRAGMA user_version = 0"})
            EXPECT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr), SQLITE_OK)
                << sql << ": " << sqlite3_errmsg(raw);
        sqlite3_close(raw);
    }
    auto outbox = Outbox::open(home.path());
    ASSERT_TRUE(outbox) << outbox.error().to_string();
    auto job = outbox->job(id);
    ASSERT_TRUE(job) << job.error().to_string();
    EXPECT_EQ(job->state, JobState::queued);
    EXPECT_EQ(job->claimed_by, "");
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
        sqlite3_stmt* version = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &version, nullptr), SQLITE_OK);
        ASSERT_EQ(sqlite3_step(version), SQLITE_ROW);
        EXPECT_EQ(sqlite3_column_int(version, 0), kOutboxSchemaVersion);
        sqlite3_finalize(version);
        sqlite3_close(raw);
    }
    EXPECT_TRUE(outbox->claim(id).value());
    ASSERT_TRUE(outbox->release(id));
    MemoryTus tus;
    std::atomic<bool> stop{false};
    auto summary = upload_pending(*outbox, tus, test::quick_policy(50), stop);
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1);
    EXPECT_EQ(tus.data.begin()->second, test::read_all(pkg));
}

// A file from a newer build is refused before anything in it is read or changed.
TEST(SqliteOutbox, RefusesAnOutboxDbFromANewerBuild) {
    TempDir home;
    ASSERT_TRUE(Outbox::open(home.path()));
    auto db = home.path() / "outbox" / "outbox.db";
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
        const std::string sql = "PRAGMA user_version = " + std::to_string(kOutboxSchemaVersion + 1);
        EXPECT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(raw);
    }
    auto outbox = Outbox::open(home.path());
    ASSERT_FALSE(outbox);
    EXPECT_EQ(outbox.error().code, Errc::unsupported);
    EXPECT_NE(outbox.error().message.find("outbox.db"), std::string::npos)
        << outbox.error().message;
    EXPECT_NE(outbox.error().message.find("newer than this build"), std::string::npos);
}

}  // namespace
}  // namespace intake::package
