// The host driver against the simulated head in-process (the demo's path), and the simulated
// head's answers to bad commands.
#include "drivers/sim/sim_scan_head.h"

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "drivers/scanner.h"
#include "drivers/sim/sim_devices.h"
#include "tests/support/obj_fixture.h"

namespace intake::drivers {
namespace {

std::shared_ptr<const std::vector<std::byte>> shared_bytes(std::vector<std::byte> b) {
    return std::make_shared<const std::vector<std::byte>>(std::move(b));
}

TEST(SimScanHead, InProcessScanDeliversTheServedPlyByteForByte) {
    auto upper =
        intake::test::obj_to_binary_ply({intake::test::testdata_scan("Ref_Upper_Mesh_Tag=0.obj")});
    auto head =
        std::make_shared<SimScanHead>(SimScanHead::Results{{Arch::upper, shared_bytes(upper)}});
    auto scanner = ScanHead::open_simulated(head);
    auto id = scanner->identify();
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_EQ(id->serial, "SIM-0001");
    std::vector<std::string> phases;
    auto ply = scanner->scan(Arch::upper, [&](const ScanProgress& p) {
        if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
    });
    ASSERT_TRUE(ply) << ply.error().to_string();
    EXPECT_EQ(sha256_hex(ply.value()), sha256_hex(upper));
    EXPECT_EQ(phases, (std::vector<std::string>{"scanning", "processing", "downloading"}));
    EXPECT_GE(scanner->stats().max_outstanding, 4U);
    EXPECT_EQ(head->executed_count(FrameType::start_scan), 1);
    EXPECT_EQ(head->executed_count(FrameType::stop), 1);
}

TEST(SimScanHead, AFaultEndsTheScanWithTheHeadsReasonAndTheNextScanWorks) {
    const auto bytes = shared_bytes({std::byte{7}, std::byte{8}});
    auto head = std::make_shared<SimScanHead>(SimScanHead::Results{{Arch::lower, bytes}});
    auto scanner = ScanHead::open_simulated(head);
    head->fail_next_scan(HeadError::internal, "tip overheated: let it cool for two minutes", 50);
    auto failed = scanner->scan(Arch::lower);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, Errc::io);
    EXPECT_NE(failed.error().message.find("the head failed the scan: tip overheated"),
              std::string::npos)
        << failed.error().message;
    EXPECT_EQ(head->status().state, HeadState::failed);
    // The coverage events read while looking for the FAULT are still delivered, in order.
    std::vector<int> progress;
    while (auto e = scanner->next_event(std::chrono::milliseconds(10))) {
        EXPECT_EQ(e->type, FrameType::event_coverage);
        progress.push_back(e->progress);
    }
    EXPECT_EQ(progress, (std::vector<int>{25, 50}));
    auto again = scanner->scan(Arch::lower);
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_EQ(again.value(), *bytes);
}

TEST(SimScanHead, CoverageAndButtonEventsReachTheHost) {
    auto head = std::make_shared<SimScanHead>(
        SimScanHead::Results{{Arch::lower, shared_bytes({std::byte{1}})}});
    auto scanner = ScanHead::open_simulated(head);
    ASSERT_TRUE(scanner->scan(Arch::lower));
    int last_progress = -1;
    for (;;) {
        auto e = scanner->next_event(std::chrono::milliseconds(10));
        if (!e) {
            EXPECT_EQ(e.error().code, Errc::timeout);
            break;
        }
        EXPECT_EQ(e->type, FrameType::event_coverage);
        EXPECT_GT(static_cast<int>(e->progress), last_progress);
        last_progress = e->progress;
    }
    EXPECT_EQ(last_progress, 100);
    head->press_button();
    auto button = scanner->next_event(std::chrono::milliseconds(10));
    ASSERT_TRUE(button) << button.error().to_string();
    EXPECT_EQ(button->type, FrameType::event_button);
    EXPECT_TRUE(button->pressed);
}

TEST(SimScanHead, BundledHeadServesUpperLowerAndBothArchesForBite) {
    int conversions = 0;
    auto head = make_bundled_sim_head([&](const std::vector<std::filesystem::path>& files) {
        ++conversions;
        return Result<std::vector<std::byte>>(intake::test::obj_to_binary_ply(files));
    });
    ASSERT_TRUE(head) << head.error().to_string();
    EXPECT_EQ(conversions, 3);
    auto scanner = ScanHead::open_simulated(head.value());
    auto upper = scanner->scan(Arch::upper);
    auto bite = scanner->scan(Arch::bite_front);
    ASSERT_TRUE(upper && bite);
    const auto arches = bundled_arches();
    EXPECT_EQ(sha256_hex(upper.value()),
              sha256_hex(intake::test::obj_to_binary_ply({arches->upper})));
    EXPECT_EQ(sha256_hex(bite.value()),
              sha256_hex(intake::test::obj_to_binary_ply({arches->upper, arches->lower})));
}

TEST(SimScanHead, ArchWithoutAScanIsRefusedWithTheHeadsReason) {
    auto head = std::make_shared<SimScanHead>(SimScanHead::Results{});
    auto scanner = ScanHead::open_simulated(head);
    auto r = scanner->scan(Arch::bite_left);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_NE(r.error().message.find("no scan for bite-left"), std::string::npos)
        << r.error().message;
}

TEST(SimScanHead, RetransmittedStartScanIsAnsweredFromTheCacheNotExecutedTwice) {
    auto head = std::make_shared<SimScanHead>(
        SimScanHead::Results{{Arch::lower, shared_bytes({std::byte{1}})}});
    auto cmd = encode_frame(Frame{FrameType::start_scan, 41, PayloadWriter().u8(2).take()});
    auto first = head->handle_transfer(cmd);
    auto again = head->handle_transfer(cmd);
    EXPECT_EQ(first, again);
    EXPECT_EQ(head->executed_count(FrameType::start_scan), 1);
    EXPECT_EQ(head->cached_replies(), 1);
}

TEST(SimScanHead, MalformedCommandGetsAnErrorAndResetsTheSession) {
    auto head = std::make_shared<SimScanHead>(SimScanHead::Results{});
    auto cmd = encode_frame(Frame{FrameType::identify, 5, {}});
    (void)head->handle_transfer(cmd);
    auto garbage = cmd;
    garbage[0] = std::byte{0};
    auto reply = decode_frame(head->handle_transfer(garbage));
    ASSERT_TRUE(reply.frame);
    EXPECT_EQ(reply.frame->type, FrameType::error_reply);
    EXPECT_EQ(reply.frame->sequence, 0);
    EXPECT_EQ(decode_error(reply.frame->payload)->code, HeadError::malformed);
    (void)head->handle_transfer(
        cmd);  // same sequence as before the reset: executed again, not cached
    EXPECT_EQ(head->executed_count(FrameType::identify), 2);
    // A reply type sent as a command is an unknown command.
    auto reply_as_command = encode_frame(Frame{FrameType::status_reply, 6, {}});
    auto unknown = decode_frame(head->handle_transfer(reply_as_command));
    EXPECT_EQ(decode_error(unknown.frame->payload)->code, HeadError::unknown_type);
}

TEST(SimScanHead, GetResultBeforeReadyOrWithAStaleIdIsRefused) {
    auto head = std::make_shared<SimScanHead>(
        SimScanHead::Results{{Arch::upper, shared_bytes({std::byte{7}})}});
    auto ask = [&](uint16_t seq, uint32_t id) {
        auto r = decode_frame(head->handle_transfer(
            encode_frame(Frame{FrameType::get_result, seq, encode_get_result({id, 0, 10})})));
        return decode_error(r.frame->payload);
    };
    EXPECT_EQ(ask(1, 1)->code, HeadError::bad_state);
    auto scanner = ScanHead::open_simulated(head);
    ASSERT_TRUE(scanner->scan(Arch::upper));
    EXPECT_EQ(ask(99, 12345)->code, HeadError::stale_scan);
}

TEST(SimScanHead, AbortDropsTheScanAndAnInterruptedDownloadCannotResume) {
    auto head = std::make_shared<SimScanHead>(SimScanHead::Results{
        {Arch::upper, shared_bytes(std::vector<std::byte>(100, std::byte{3}))}});
    auto scanner = ScanHead::open_simulated(head);
    ASSERT_TRUE(scanner->scan(Arch::upper));
    ASSERT_TRUE(scanner->abort());
    EXPECT_EQ(head->status().state, HeadState::idle);
    auto resumed = scanner->resume();
    ASSERT_FALSE(resumed);
    EXPECT_EQ(resumed.error().code, Errc::conflict);
}

// A host talking to a transport that returns garbage: a protocol error, never a crash.
class GarbageTransport final : public ScanTransport {
  public:
    explicit GarbageTransport(std::vector<std::byte> reply) : reply_(std::move(reply)) {}
    std::string describe() const override { return "garbage head"; }
    Status send(std::span<const std::byte>) override { return ok(); }
    Result<std::vector<std::byte>> receive(std::chrono::milliseconds) override { return reply_; }
    Status clear_stall() override { return ok(); }
    Status reconnect(std::chrono::milliseconds) override { return ok(); }

  private:
    std::vector<std::byte> reply_;
};

TEST(ScanHeadHost, MalformedUnknownAndOversizeRepliesResetTheSession) {
    auto good =
        encode_frame(Frame{FrameType::identify_reply, 1, encode_identity({1, "m", "s", "f"})});
    auto unknown = good;
    unknown[3] = std::byte{0x7E};
    auto oversize = good;
    oversize[11] = std::byte{0x7F};
    auto bad_payload = encode_frame(Frame{FrameType::identify_reply, 1, {std::byte{1}}});
    for (const auto& reply : {unknown, oversize, bad_payload}) {
        ScanHead host(std::make_unique<GarbageTransport>(reply),
                      ScanOptions{std::chrono::milliseconds(50)});
        auto r = host.identify();
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, Errc::protocol) << r.error().message;
        EXPECT_NE(r.error().message.find("session reset"), std::string::npos);
        EXPECT_EQ(host.stats().protocol_resets, 1);
    }
}

}  // namespace
}  // namespace intake::drivers
