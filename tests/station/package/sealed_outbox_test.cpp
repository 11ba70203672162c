// Sealing at rest and the outbox queue. The upload state machine is exercised here against an
// in-memory tus double that misbehaves on purpose (keeps half-acknowledged chunks, forgets
// uploads, answers 5xx); upload_test.cpp runs the same code against the real server.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "base/atomic_file.h"
#include "base/sha256.h"
#include "station/package/decrypt_ahead.h"
#include "station/package/offset_committer.h"
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

TEST(Outbox, AddQueuesOnceAndSealsAtRest) {
    TempDir home;
    auto pkg = make_package(home.path(), 300'000, 1);
    auto outbox = Outbox::open(home.path());
    ASSERT_TRUE(outbox) << outbox.error().to_string();
    auto job = outbox->add(pkg);
    ASSERT_TRUE(job) << job.error().to_string();
    EXPECT_EQ(job->state, JobState::queued);
    EXPECT_EQ(job->size, std::filesystem::file_size(pkg));
    auto again = outbox->add(pkg);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, job->id);
    EXPECT_EQ(outbox->jobs()->size(), 1u);
    auto plain = unseal_file(outbox->sealed_path(*job), outbox->seal_key(), job->package_id);
    ASSERT_TRUE(plain);
    EXPECT_EQ(*plain, test::read_all(pkg));
    // The seal key is outside the outbox folder.
    EXPECT_TRUE(std::filesystem::exists(home.path() / "keys" / "outbox.key"));
    EXPECT_FALSE(std::filesystem::exists(home.path() / "outbox" / "outbox.key"));
}

TEST(Outbox, RefusesAPackageThatDoesNotVerify) {
    TempDir home;
    auto pkg = make_package(home.path(), 1000, 2);
    auto bytes = test::read_all(pkg);
    bytes[bytes.size() / 3] ^= std::byte{0x10};
    ASSERT_TRUE(write_file_atomic(pkg, bytes));
    auto outbox = Outbox::open(home.path());
    ASSERT_TRUE(outbox);
    auto job = outbox->add(pkg);
    ASSERT_FALSE(job);
    EXPECT_TRUE(outbox->jobs()->empty());
}

TEST(Outbox, CorruptedDatabaseIsDetected) {
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

TEST(OffsetCommitter, TheLastPostedOffsetIsStoredAfterFlush) {
    TempDir home;
    auto outbox = Outbox::open(home.path());
    auto job = outbox->add(make_package(home.path(), 1000, 15));
    ASSERT_TRUE(job);
    {
        OffsetCommitter committer(*outbox, job->id);
        for (uint64_t off = 1; off <= 50; ++off) ASSERT_TRUE(committer.post(off * 10));
        ASSERT_TRUE(committer.flush());
        EXPECT_EQ(outbox->job(job->id)->offset, 500u);
        ASSERT_TRUE(committer.post(777));
    }  // the destructor writes what was posted
    EXPECT_EQ(outbox->job(job->id)->offset, 777u);
}

UploadPolicy fast_policy() {
    UploadPolicy p;
    p.chunk_bytes = 64 * 1024;
    p.initial_backoff = std::chrono::milliseconds(1);
    p.max_backoff = std::chrono::milliseconds(5);
    p.max_attempts = 50;
    return p;
}

TEST(Uploader, ResumesFromTheServersOffsetAfterPartialChunks) {
    TempDir home;
    auto pkg = make_package(home.path(), 1'000'000, 4);
    auto outbox = Outbox::open(home.path());
    ASSERT_TRUE(outbox->add(pkg));
    MemoryTus tus;
    tus.fail_every = 3;
    tus.keep_extra = true;
    std::atomic<bool> stop{false};
    auto summary = upload_pending(*outbox, tus, fast_policy(), stop);
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1);
    ASSERT_EQ(tus.data.size(), 1u);
    EXPECT_EQ(tus.data.begin()->second, test::read_all(pkg));
    auto job = outbox->jobs()->front();
    EXPECT_EQ(job.state, JobState::uploaded);
    auto receipt = nlohmann::json::parse(job.receipt);
    EXPECT_EQ(receipt["package_id"], job.package_id);
    EXPECT_EQ(receipt["length"], job.size);
    EXPECT_FALSE(std::filesystem::exists(outbox->sealed_path(job)))
        << "the sealed copy goes as soon as the receipt is stored; the row stays";
    // Uploaded jobs are not sent again.
    auto second = upload_pending(*outbox, tus, fast_policy(), stop);
    EXPECT_EQ(second->uploaded, 0);
    EXPECT_EQ(tus.creates, 1);
}

TEST(Uploader, ShortAcknowledgementsSendTheRestOfTheSameChunk) {
    TempDir home;
    auto pkg = make_package(home.path(), 1'500'000, 14);
    auto outbox = Outbox::open(home.path());
    ASSERT_TRUE(outbox->add(pkg));
    MemoryTus tus;
    tus.short_every = 2;
    std::atomic<bool> stop{false};
    auto policy = fast_policy();
    policy.chunk_bytes = 200'000;  // not a multiple of the sealed message size
    auto summary = upload_pending(*outbox, tus, policy, stop);
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1);
    EXPECT_EQ(tus.creates, 1);
    EXPECT_EQ(tus.data.begin()->second, test::read_all(pkg));
    EXPECT_GT(summary->timings.patches, 8);  // the short answers cost extra PATCHes
}

TEST(Uploader, ACreationWhoseAnswerWasLostIsNotedAsAPossibleOrphan) {
    // The POST reaches the server but the answer is lost (as when the station dies between the
    // request and storing the URL): the intent recorded before the POST tells the next attempt.
    struct LosesFirstAnswer : MemoryTus {
        Result<std::string> create(uint64_t length,
                                   const std::map<std::string, std::string>& m) override {
            auto url = MemoryTus::create(length, m);
            if (creates == 1) return fail(Errc::network, "POST: connection reset");
            return url;
        }
    };
    TempDir home;
    auto outbox = Outbox::open(home.path());
    auto job = outbox->add(make_package(home.path(), 300'000, 16));
    LosesFirstAnswer tus;
    std::atomic<bool> stop{false};
    std::vector<std::string> lines;
    auto summary = upload_pending(*outbox, tus, fast_policy(), stop,
                                  [&](const std::string& s) { lines.push_back(s); });
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1);
    EXPECT_EQ(summary->possible_orphans, 1);
    ASSERT_EQ(tus.data.size(), 2u);
    auto done = outbox->job(job->id).value();
    const auto& orphan_meta = tus.meta["mem://1"].second;
    EXPECT_TRUE(tus.data["mem://1"].empty());  // the orphan: empty, never completed
    EXPECT_EQ(orphan_meta.at("package_id"), done.package_id);
    EXPECT_NE(orphan_meta.at("intent"), done.create_intent);
    EXPECT_EQ(tus.meta["mem://2"].second.at("intent"), done.create_intent);
    EXPECT_EQ(nlohmann::json::parse(done.receipt)["intent"], done.create_intent);
    bool noted = false;
    for (const auto& l : lines) noted |= l.find(orphan_meta.at("intent")) != std::string::npos;
    EXPECT_TRUE(noted);
}

TEST(Outbox, OpensADatabaseFromBeforeTheIntentColumn) {
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
TEST(Outbox, MigratesAnUnnumberedOutboxDbInPlace) {
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
    auto summary = upload_pending(*outbox, tus, fast_policy(), stop);
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_EQ(summary->uploaded, 1);
    EXPECT_EQ(tus.data.begin()->second, test::read_all(pkg));
}

// A file from a newer build is refused before anything in it is read or changed.
TEST(Outbox, RefusesAnOutboxDbFromANewerBuild) {
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

TEST(Uploader, RecreatesAnUploadTheServerForgot) {
    TempDir home;
    auto outbox = Outbox::open(home.path());
    auto job = outbox->add(make_package(home.path(), 200'000, 5));
    ASSERT_TRUE(outbox->set_upload(job->id, "mem://gone", 1234));
    MemoryTus tus;
    std::atomic<bool> stop{false};
    auto summary = upload_pending(*outbox, tus, fast_policy(), stop);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->uploaded, 1);
    EXPECT_EQ(tus.creates, 1);
    EXPECT_EQ(tus.data.begin()->second.size(), job->size);
}

TEST(Uploader, CorruptedSealedFileFailsTheJobWithReason) {
    TempDir home;
    auto outbox = Outbox::open(home.path());
    auto job = outbox->add(make_package(home.path(), 500'000, 6));
    auto sealed = test::read_all(outbox->sealed_path(*job));
    sealed[sealed.size() - 100] ^= std::byte{4};
    ASSERT_TRUE(write_file_atomic(outbox->sealed_path(*job), sealed));
    MemoryTus tus;
    std::atomic<bool> stop{false};
    auto summary = upload_pending(*outbox, tus, fast_policy(), stop);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->failed, 1);
    auto after = outbox->job(job->id);
    EXPECT_EQ(after->state, JobState::failed);
    EXPECT_NE(after->last_error.find("corrupt"), std::string::npos) << after->last_error;
}

TEST(Uploader, PermanentRefusalMarksFailedAndBusyIsDeferred) {
    struct Refusing : MemoryTus {
        Errc code;
        explicit Refusing(Errc c) : code(c) {}
        Result<std::string> create(uint64_t, const std::map<std::string, std::string>&) override {
            return fail(code,
                        "POST: server answered " + std::string(code == Errc::busy ? "503" : "413"));
        }
    };
    TempDir home;
    auto outbox = Outbox::open(home.path());
    auto job = outbox->add(make_package(home.path(), 1000, 7));
    std::atomic<bool> stop{false};
    auto policy = fast_policy();
    policy.max_attempts = 3;
    Refusing busy(Errc::busy);
    auto s1 = upload_pending(*outbox, busy, policy, stop);
    EXPECT_EQ(s1->deferred, 1);
    EXPECT_EQ(outbox->job(job->id)->state, JobState::queued);
    EXPECT_EQ(outbox->job(job->id)->attempts, 3);
    Refusing refused(Errc::server_refused);
    auto s2 = upload_pending(*outbox, refused, policy, stop);
    EXPECT_EQ(s2->failed, 1);
    EXPECT_EQ(outbox->job(job->id)->state, JobState::failed);
    EXPECT_NE(outbox->job(job->id)->last_error.find("413"), std::string::npos);
}

}  // namespace
}  // namespace intake::package
