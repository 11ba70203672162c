// The in-process link: each command is handed straight to the simulated head and its reply is
// queued as the next "IN transfer". Nothing can stall or unplug here.
#include <deque>

#include "drivers/scan_transport.h"
#include "drivers/scanner.h"
#include "drivers/sim/sim_scan_head.h"

namespace intake::drivers {
namespace {

class SimTransport final : public ScanTransport {
  public:
    explicit SimTransport(std::shared_ptr<SimScanHead> head) : head_(std::move(head)) {}

    std::string describe() const override { return "simulated scan head"; }

    Status send(std::span<const std::byte> frame) override {
        replies_.push_back(head_->handle_transfer(frame));
        return ok();
    }

    Result<std::vector<std::byte>> receive(std::chrono::milliseconds /*timeout*/) override {
        if (replies_.empty()) return fail(Errc::timeout, "simulated scan head: no reply pending");
        auto reply = std::move(replies_.front());
        replies_.pop_front();
        return reply;
    }

    Result<std::vector<std::byte>> receive_event(std::chrono::milliseconds /*timeout*/) override {
        auto event = head_->take_event();
        if (!event) return fail(Errc::timeout, "simulated scan head: no event pending");
        return std::move(*event);
    }

    Status clear_stall() override { return ok(); }
    Status reconnect(std::chrono::milliseconds /*timeout*/) override { return ok(); }

  private:
    std::shared_ptr<SimScanHead> head_;
    std::deque<std::vector<std::byte>> replies_;
};

}  // namespace

std::unique_ptr<ScanTransport> make_sim_transport(std::shared_ptr<SimScanHead> head) {
    return std::make_unique<SimTransport>(std::move(head));
}

// Declared with ScanHead (drivers/scanner.h); defined here, with the simulator it talks to.
std::unique_ptr<ScanHead> ScanHead::open_simulated(std::shared_ptr<SimScanHead> head,
                                                   ScanOptions options) {
    return std::make_unique<ScanHead>(make_sim_transport(std::move(head)), options);
}

}  // namespace intake::drivers
