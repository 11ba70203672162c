// The outbox queue and the upload state machine on both engines (SQLite and a throwaway
// PostgreSQL, outbox_engine_fixture.h), against an in-memory tus double that misbehaves on
// purpose (keeps half-acknowledged chunks, forgets uploads, answers 5xx); upload_test.cpp runs
// the same code against the real server. What only outbox.db has (its migrations, a scribbled
// file) stays in sealed_outbox_test.cpp as SqliteOutbox.*.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <vector>

#include "base/atomic_file.h"
#include "station/package/offset_committer.h"
#include "station/package/outbox.h"
#include "station/package/sealed_file.h"
#include "station/package/uploader.h"
#include "tests/station/package/memory_tus.h"
#include "tests/station/package/outbox_engine_fixture.h"
#include "tests/station/package/test_support.h"

namespace intake::package {
namespace {

using record::Engine;
using test::MemoryTus;

using QueueOnEngine = test::OutboxOnEngine;
using UploaderOnEngine = test::OutboxOnEngine;

// More attempts than quick_policy()'s default: the double fails every third request on purpose.
UploadPolicy fast_policy() { return test::quick_policy(50); }

TEST_P(QueueOnEngine, AddQueuesOnceAndSealsAtRest) {
    auto pkg = make_package(300'000, 1);
    auto outbox = Outbox::open_location(home(0), url_);
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
    EXPECT_TRUE(std::filesystem::exists(home(0) / "keys" / "outbox.key"));
    EXPECT_FALSE(std::filesystem::exists(home(0) / "outbox" / "outbox.key"));
}

TEST_P(QueueOnEngine, RefusesAPackageThatDoesNotVerify) {
    auto pkg = make_package(1000, 2);
    auto bytes = test::read_all(pkg);
    bytes[bytes.size() / 3] ^= std::byte{0x10};
    ASSERT_TRUE(write_file_atomic(pkg, bytes));
    auto outbox = Outbox::open_location(home(0), url_);
    ASSERT_TRUE(outbox);
    auto job = outbox->add(pkg);
    ASSERT_FALSE(job);
    EXPECT_TRUE(outbox->jobs()->empty());
}

TEST_P(QueueOnEngine, TheOffsetCommitterStoresTheLastPostedOffsetAfterFlush) {
    auto outbox = Outbox::open_location(home(0), url_);
    auto job = outbox->add(make_package(1000, 15));
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

TEST_P(UploaderOnEngine, ResumesFromTheServersOffsetAfterPartialChunks) {
    auto pkg = make_package(1'000'000, 4);
    auto outbox = Outbox::open_location(home(0), url_);
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

TEST_P(UploaderOnEngine, ShortAcknowledgementsSendTheRestOfTheSameChunk) {
    auto pkg = make_package(1'500'000, 14);
    auto outbox = Outbox::open_location(home(0), url_);
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

TEST_P(UploaderOnEngine, ACreationWhoseAnswerWasLostIsNotedAsAPossibleOrphan) {
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
    auto outbox = Outbox::open_location(home(0), url_);
    auto job = outbox->add(make_package(300'000, 16));
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

TEST_P(UploaderOnEngine, RecreatesAnUploadTheServerForgot) {
    auto outbox = Outbox::open_location(home(0), url_);
    auto job = outbox->add(make_package(200'000, 5));
    ASSERT_TRUE(outbox->set_upload(job->id, "mem://gone", 1234));
    MemoryTus tus;
    std::atomic<bool> stop{false};
    auto summary = upload_pending(*outbox, tus, fast_policy(), stop);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->uploaded, 1);
    EXPECT_EQ(tus.creates, 1);
    EXPECT_EQ(tus.data.begin()->second.size(), job->size);
}

TEST_P(UploaderOnEngine, CorruptedSealedFileFailsTheJobWithReason) {
    auto outbox = Outbox::open_location(home(0), url_);
    auto job = outbox->add(make_package(500'000, 6));
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

TEST_P(UploaderOnEngine, PermanentRefusalMarksFailedAndBusyIsDeferred) {
    struct Refusing : MemoryTus {
        Errc code;
        explicit Refusing(Errc c) : code(c) {}
        Result<std::string> create(uint64_t, const std::map<std::string, std::string>&) override {
            return fail(code,
                        "POST: server answered " + std::string(code == Errc::busy ? "503" : "413"));
        }
    };
    auto outbox = Outbox::open_location(home(0), url_);
    auto job = outbox->add(make_package(1000, 7));
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

INSTANTIATE_TEST_SUITE_P(BothEngines, QueueOnEngine,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), test::engine_name);
INSTANTIATE_TEST_SUITE_P(BothEngines, UploaderOnEngine,
                         ::testing::Values(Engine::sqlite, Engine::postgresql), test::engine_name);

}  // namespace
}  // namespace intake::package
