// A broken or hostile scan head announces a result far larger than any scan: the station must
// refuse it before allocating, not try to allocate it. The simulated head's STATUS replies are
// rewritten on the way in to announce 64 GiB. Label: security.
#include <gtest/gtest.h>

#include "drivers/frame.h"
#include "drivers/scan_protocol.h"
#include "drivers/scan_transport.h"
#include "drivers/scanner.h"
#include "drivers/sim/sim_scan_head.h"

namespace intake::drivers {
namespace {

class AnnouncesTooMuch : public ScanTransport {
  public:
    explicit AnnouncesTooMuch(std::unique_ptr<ScanTransport> inner) : inner_(std::move(inner)) {}
    std::string describe() const override { return "lying scan head"; }
    Status send(std::span<const std::byte> frame) override { return inner_->send(frame); }
    Result<std::vector<std::byte>> receive(std::chrono::milliseconds timeout) override {
        auto bytes = inner_->receive(timeout);
        if (!bytes) return bytes;
        auto decoded = decode_frame(*bytes);
        if (!decoded.frame || decoded.frame->type != FrameType::status_reply) return bytes;
        auto status = decode_status(decoded.frame->payload);
        if (!status || status->result_size == 0) return bytes;
        status->result_size = uint64_t{64} << 30;
        Frame lie = *decoded.frame;
        lie.payload = encode_status(*status);
        ++lies;
        return encode_frame(lie);
    }
    Result<std::vector<std::byte>> receive_event(std::chrono::milliseconds timeout) override {
        return inner_->receive_event(timeout);
    }
    Status clear_stall() override { return inner_->clear_stall(); }
    Status reconnect(std::chrono::milliseconds timeout) override {
        return inner_->reconnect(timeout);
    }
    int lies = 0;

  private:
    std::unique_ptr<ScanTransport> inner_;
};

TEST(ScanHeadSecurity, AnnouncedResultOverOneGiBIsRefusedBeforeAllocation) {
    auto ply = std::make_shared<const std::vector<std::byte>>(4096, std::byte{'p'});
    auto head = std::make_shared<SimScanHead>(SimScanHead::Results{{Arch::upper, ply}});
    auto lying = std::make_unique<AnnouncesTooMuch>(make_sim_transport(head));
    auto* spy = lying.get();
    ScanOptions options;
    options.status_interval = std::chrono::milliseconds(0);
    ScanHead scanner(std::move(lying), options);
    auto scan = scanner.scan(Arch::upper);  // 64 GiB would throw or exhaust memory if allocated
    ASSERT_FALSE(scan);
    EXPECT_GT(spy->lies, 0);
    EXPECT_EQ(scan.error().code, Errc::protocol);
    EXPECT_NE(scan.error().message.find("at most 1 GiB"), std::string::npos)
        << scan.error().message;
}

}  // namespace
}  // namespace intake::drivers
