// The scan-head host driver on the real libusb path: libusb 1.0 enumerates, opens, claims and
// transfers through usbdevfs ioctls that umockdev hands to a device model playing the simulated
// head. Each TEST runs in its own process (gtest_discover_tests), started by umockdev-wrapper.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "base/sha256.h"
#include "drivers/scanner.h"
#include "drivers/sim/sim_scan_head.h"
#include "drivers/usb/usb_context.h"
#include "tests/drivers/usb_model.h"
#include "tests/support/obj_fixture.h"

namespace intake::drivers {
namespace {

using namespace std::chrono_literals;
using test::UsbDeviceModel;
using test::UsbDeviceSpec;
using test::UsbTestbed;

std::shared_ptr<const std::vector<std::byte>> ply_of(std::vector<std::filesystem::path> objs) {
    return std::make_shared<const std::vector<std::byte>>(intake::test::obj_to_binary_ply(objs));
}

// The simulated head behind usbdevfs, with the faults the tests need.
class ScanHeadModel final : public UsbDeviceModel {
  public:
    ScanHeadModel(UsbTestbed& tb, std::shared_ptr<SimScanHead> head, int devnum = 2,
                  std::string port = "1-1", uint16_t vid = kScanHeadVid,
                  uint16_t pid = kScanHeadPid)
        : UsbDeviceModel(
              tb, UsbDeviceSpec{devnum, std::move(port), test::scan_head_descriptors(vid, pid)}),
          head_(std::move(head)) {}

    std::atomic<int> corrupt_replies{0};  // flip a payload bit in the next N replies
    // ... or in the next N commands before the head sees them
    std::atomic<int> corrupt_commands{0};
    std::atomic<bool> mute{false};         // swallow commands, never answer
    std::atomic<int> unplug_at_chunk{-1};  // vanish on this GET_RESULT (counting from 0)
    std::atomic<int> garbage_replies{0};   // answer with a frame of unknown type

    void press_button() {
        head_->press_button();
        forward_events();
    }

  protected:
    void on_out(uint8_t ep, std::span<const std::byte> data) override {
        if (ep != kEpCommandOut || mute) return;
        std::vector<std::byte> command(data.begin(), data.end());
        auto decoded = decode_frame(command);
        if (decoded.frame && decoded.frame->type == FrameType::get_result && unplug_at_chunk >= 0 &&
            chunks_++ == unplug_at_chunk) {
            mark_gone();
            return;
        }
        if (corrupt_commands > 0 && command.size() > 4) {
            --corrupt_commands;
            command[command.size() - 1] ^= std::byte{0x01};
        }
        auto reply = head_->handle_transfer(command);
        if (garbage_replies > 0) {
            --garbage_replies;
            reply[3] = std::byte{0x77};
        } else if (corrupt_replies > 0) {
            --corrupt_replies;
            reply[kFrameHeaderSize] ^= std::byte{0x10};
        }
        queue_in(kEpReplyIn, std::move(reply));
        forward_events();
    }

  private:
    void forward_events() {
        while (auto event = head_->take_event()) queue_in(kEpEventIn, std::move(*event));
    }

    std::shared_ptr<SimScanHead> head_;
    int chunks_ = 0;
};

std::shared_ptr<SimScanHead> upper_head() {
    return std::make_shared<SimScanHead>(SimScanHead::Results{
        {Arch::upper, ply_of({intake::test::testdata_scan("Ref_Upper_Mesh_Tag=0.obj")})}});
}

ScanOptions quick() {
    ScanOptions o;
    o.reply_timeout = 500ms;
    return o;
}

TEST(ScannerUsb, EnumeratesAndIdentifies) {
    UsbTestbed tb;
    ScanHeadModel model(tb, upper_head());
    auto ctx = UsbContext::shared();
    ASSERT_TRUE(ctx) << ctx.error().to_string();
    auto devices = ctx.value()->list_devices();
    ASSERT_TRUE(devices);
    ASSERT_EQ(devices->size(), 1U);
    EXPECT_EQ(devices->front().vid, kScanHeadVid);
    EXPECT_EQ(devices->front().pid, kScanHeadPid);
    EXPECT_EQ(devices->front().kind, "scan-head");
    EXPECT_EQ(devices->front().location(), "001/002");
    auto head = ScanHead::open_usb();
    ASSERT_TRUE(head) << head.error().to_string();
    EXPECT_EQ(head.value()->describe(), "scan head 1209:4953 at 001/002");
    auto id = head.value()->identify();
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_EQ(id->model, "Intake SimHead 1");
    EXPECT_EQ(id->serial, "SIM-0001");
    EXPECT_EQ(id->firmware, "1.0.0");
    EXPECT_GT(model.ioctl_count(), 0);
}

TEST(ScannerUsb, FullUpperLowerBiteScanMatchesTheSourceFiles) {
    UsbTestbed tb;
    const auto upper = intake::test::testdata_scan("Ref_Upper_Mesh_Tag=0.obj");
    const auto lower = intake::test::testdata_scan("Ref_Lower_Mesh_Tag=0.obj");
    SimScanHead::Results results{{Arch::upper, ply_of({upper})},
                                 {Arch::lower, ply_of({lower})},
                                 {Arch::bite_front, ply_of({upper, lower})}};
    auto sim = std::make_shared<SimScanHead>(results);
    ScanHeadModel model(tb, sim);
    ScanOptions options = quick();
    options.chunk_size = kMaxChunk;
    auto head = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, options);
    ASSERT_TRUE(head) << head.error().to_string();
    for (Arch arch : {Arch::upper, Arch::lower, Arch::bite_front}) {
        int last_percent = -1;
        auto ply = head.value()->scan(arch, [&](const ScanProgress& p) {
            if (p.phase == "downloading") last_percent = p.percent;
        });
        ASSERT_TRUE(ply) << arch_name(arch) << ": " << ply.error().to_string();
        EXPECT_EQ(sha256_hex(ply.value()), sha256_hex(*results[arch])) << arch_name(arch);
        EXPECT_EQ(last_percent, 100);
    }
    EXPECT_EQ(sim->executed_count(FrameType::start_scan), 3);
    EXPECT_EQ(head.value()->stats().retransmits, 0);
}

TEST(ScannerUsb, CrcErrorsInRepliesAndCommandsAreRetransmitted) {
    UsbTestbed tb;
    auto sim = upper_head();
    ScanHeadModel model(tb, sim);
    auto head = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, quick());
    ASSERT_TRUE(head);
    model.corrupt_replies = 1;  // the IDENTIFY reply arrives damaged
    auto id = head.value()->identify();
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_EQ(head.value()->stats().retransmits, 1);
    model.corrupt_commands = 1;  // the head sees a damaged START_SCAN and answers ERROR(bad_crc)
    auto ply = head.value()->scan(Arch::upper, [&](const ScanProgress& p) {
        if (p.phase == "downloading" && p.bytes_done > 0 && p.bytes_done < 40000)
            model.corrupt_replies = 1;
    });
    ASSERT_TRUE(ply) << ply.error().to_string();
    EXPECT_EQ(sha256_hex(ply.value()),
              sha256_hex(*ply_of({intake::test::testdata_scan("Ref_Upper_Mesh_Tag=0.obj")})));
    EXPECT_GE(head.value()->stats().retransmits, 3);
    EXPECT_EQ(sim->executed_count(FrameType::start_scan), 1);  // retransmitted, started once
}

TEST(ScannerUsb, StallIsClearedAndTheCommandRetried) {
    UsbTestbed tb;
    ScanHeadModel model(tb, upper_head());
    auto head = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, quick());
    ASSERT_TRUE(head);
    model.stall_next_in(kEpReplyIn);
    auto id = head.value()->identify();
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_EQ(id->serial, "SIM-0001");
    EXPECT_EQ(model.clear_halts(), 1);
    EXPECT_EQ(head.value()->stats().stalls_cleared, 1);
    EXPECT_EQ(head.value()->stats().retransmits, 1);
}

TEST(ScannerUsb, SilentHeadTimesOutWithinTheBound) {
    UsbTestbed tb;
    ScanHeadModel model(tb, upper_head());
    ScanOptions options;
    options.reply_timeout = 100ms;
    options.max_attempts = 3;
    auto head = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, options);
    ASSERT_TRUE(head);
    model.mute = true;
    auto id = head.value()->identify();
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, Errc::timeout);
    EXPECT_NE(id.error().message.find("IDENTIFY failed after 3 attempts"), std::string::npos)
        << id.error().message;
    EXPECT_EQ(head.value()->stats().retransmits, 2);
}

TEST(ScannerUsb, CommandNotAcceptedTimesOutInLibusbAndIsCancelled) {
    UsbTestbed tb;
    ScanHeadModel model(tb, upper_head());
    auto head = ScanHead::open_usb();
    ASSERT_TRUE(head);
    model.set_out_never_completes(true);
    auto id = head.value()->identify();
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, Errc::timeout);
    EXPECT_NE(id.error().message.find("send command: timed out"), std::string::npos)
        << id.error().message;
    EXPECT_GE(model.discarded(), 1);  // libusb discarded the URB it gave up on
}

TEST(ScannerUsb, UnplugDuringGetResultThenReplugResumesFromTheOffset) {
    UsbTestbed tb;
    auto sim = upper_head();
    auto first = std::make_unique<ScanHeadModel>(tb, sim);
    first->unplug_at_chunk = 9;
    auto opened = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, quick());
    ASSERT_TRUE(opened);
    auto& head = *opened.value();
    ASSERT_TRUE(head.identify());
    auto broken = head.scan(Arch::upper);
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, Errc::disconnected) << broken.error().to_string();
    EXPECT_NE(broken.error().message.find("unplugged"), std::string::npos)
        << broken.error().message;
    ASSERT_TRUE(head.has_partial_download());
    const uint64_t kept = head.downloaded_bytes();
    EXPECT_GT(kept, 0U);
    first->remove_from_testbed();

    auto ctx = UsbContext::shared();
    const uint64_t arrivals_before = ctx.value()->arrivals();
    std::unique_ptr<ScanHeadModel> second;
    auto replug = std::async(std::launch::async, [&] {
        std::this_thread::sleep_for(300ms);  // the host is already waiting when the head returns
        second = std::make_unique<ScanHeadModel>(tb, sim, 3, "1-2");
    });
    Status back = head.reconnect(10s);
    replug.get();
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(head.describe(), "scan head 1209:4953 at 001/003");
    // libusb may list the new device a moment before its event thread runs the hotplug callback.
    const auto hotplug_deadline = std::chrono::steady_clock::now() + 5s;
    while (ctx.value()->arrivals() == arrivals_before &&
           std::chrono::steady_clock::now() < hotplug_deadline) {
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_GT(ctx.value()->arrivals(), arrivals_before);  // the replug was seen through hotplug

    const size_t offsets_before = sim->requested_offsets().size();
    auto ply = head.resume();
    ASSERT_TRUE(ply) << ply.error().to_string();
    EXPECT_EQ(sim->requested_offsets().at(offsets_before), kept);  // first request after the replug
    EXPECT_EQ(sha256_hex(ply.value()),
              sha256_hex(*ply_of({intake::test::testdata_scan("Ref_Upper_Mesh_Tag=0.obj")})));
    EXPECT_EQ(sim->executed_count(FrameType::start_scan), 1);
    EXPECT_EQ(head.stats().reconnects, 1);
    opened.value().reset();  // close the host before the second device model goes away
}

TEST(ScannerUsb, FourOrMoreTransfersInFlight) {
    UsbTestbed tb;
    ScanHeadModel model(tb, upper_head());
    auto head = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, quick());
    ASSERT_TRUE(head);
    auto ply = head.value()->scan(Arch::upper);
    ASSERT_TRUE(ply) << ply.error().to_string();
    EXPECT_GE(model.max_in_flight(kEpReplyIn), 4);         // reply URBs queued at once in usbdevfs
    EXPECT_GE(head.value()->stats().max_outstanding, 4U);  // GET_RESULT commands unanswered at once
}

TEST(ScannerUsb, CoverageAndButtonEventsArriveOnTheInterruptEndpoint) {
    UsbTestbed tb;
    ScanHeadModel model(tb, upper_head());
    auto head = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, quick());
    ASSERT_TRUE(head);
    ASSERT_TRUE(head.value()->scan(Arch::upper));
    int last_progress = -1;
    while (last_progress < 100) {
        auto e = head.value()->next_event(5s);
        ASSERT_TRUE(e) << e.error().to_string();
        ASSERT_EQ(e->type, FrameType::event_coverage);
        EXPECT_GT(static_cast<int>(e->progress), last_progress);
        last_progress = e->progress;
    }
    model.press_button();
    auto button = head.value()->next_event(5s);
    ASSERT_TRUE(button) << button.error().to_string();
    EXPECT_EQ(button->type, FrameType::event_button);
    EXPECT_EQ(button->button, 1);
    EXPECT_TRUE(button->pressed);
    EXPECT_GE(model.max_in_flight(kEpEventIn), 1);
}

TEST(ScannerUsb, FaultEventOnTheInterruptEndpointExplainsAFailedScan) {
    UsbTestbed tb;
    auto sim = upper_head();
    ScanHeadModel model(tb, sim);
    auto head = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, quick());
    ASSERT_TRUE(head);
    sim->fail_next_scan(HeadError::busy, "lost tracking: go back to the last scanned tooth", 75);
    auto failed = head.value()->scan(Arch::upper);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, Errc::busy) << failed.error().to_string();
    EXPECT_NE(failed.error().message.find("lost tracking"), std::string::npos)
        << failed.error().message;
    auto ply = head.value()->scan(Arch::upper);  // the operator scans again
    ASSERT_TRUE(ply) << ply.error().to_string();
    EXPECT_EQ(sha256_hex(ply.value()),
              sha256_hex(*ply_of({intake::test::testdata_scan("Ref_Upper_Mesh_Tag=0.obj")})));
}

TEST(ScannerUsb, DeviceWithTheWrongVidPidIsIgnored) {
    UsbTestbed tb;
    ScanHeadModel stranger(tb, upper_head(), 2, "1-1", 0x1234, 0x5678);
    auto ctx = UsbContext::shared();
    auto devices = ctx.value()->list_devices();
    ASSERT_TRUE(devices);
    ASSERT_EQ(devices->size(), 1U);
    EXPECT_EQ(devices->front().kind, "other");
    auto head = ScanHead::open_usb();
    ASSERT_FALSE(head);
    EXPECT_EQ(head.error().code, Errc::not_found);
    EXPECT_NE(head.error().message.find("1209:4953"), std::string::npos) << head.error().message;
    EXPECT_EQ(stranger.ioctl_count(), 0);  // never opened
    ScanHeadModel ours(tb, upper_head(), 3, "1-2");
    auto found = ScanHead::open_usb();
    ASSERT_TRUE(found) << found.error().to_string();
    EXPECT_EQ(found.value()->describe(), "scan head 1209:4953 at 001/003");
    EXPECT_TRUE(found.value()->identify());
    EXPECT_EQ(stranger.ioctl_count(), 0);
}

TEST(ScannerUsb, GarbageReplyResetsTheSessionAndTheNextCommandWorks) {
    UsbTestbed tb;
    ScanHeadModel model(tb, upper_head());
    auto head = ScanHead::open_usb(kScanHeadVid, kScanHeadPid, quick());
    ASSERT_TRUE(head);
    model.garbage_replies = 1;
    auto bad = head.value()->identify();
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::protocol);
    EXPECT_NE(bad.error().message.find("unknown frame type"), std::string::npos)
        << bad.error().message;
    auto good = head.value()->identify();
    ASSERT_TRUE(good) << good.error().to_string();
    EXPECT_EQ(head.value()->stats().protocol_resets, 1);
}

}  // namespace
}  // namespace intake::drivers
