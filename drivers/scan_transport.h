// What the scan-head host driver needs from a link: send one command transfer, receive reply
// transfers, recover from a STALL, and come back after an unplug. The USB link
// (drivers/usb/internal/usb_transport.h) and the in-process link to the simulator
// (make_sim_transport, drivers/sim/sim_scan_head.h) both implement it, so the host driver is the
// same code either way.
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace intake::drivers {

class ScanTransport {
  public:
    virtual ~ScanTransport() = default;
    // "usb 1209:4953 at 001/002", "simulated scan head": names the device in every error.
    virtual std::string describe() const = 0;
    // One bulk OUT transfer. Errc::stall, timeout, disconnected.
    virtual Status send(std::span<const std::byte> frame) = 0;
    // The bytes of the next completed bulk IN transfer. Errc::timeout, stall, disconnected.
    virtual Result<std::vector<std::byte>> receive(std::chrono::milliseconds timeout) = 0;
    // The next event transfer (interrupt IN 0x82). Errc::timeout when none; Errc::unsupported
    // when the link has no event endpoint.
    virtual Result<std::vector<std::byte>> receive_event(std::chrono::milliseconds /*timeout*/) {
        return fail(Errc::unsupported, describe() + ": no event endpoint");
    }
    // Clears a halted reply endpoint; the device drops what it had queued there.
    virtual Status clear_stall() = 0;
    // After an unplug: waits for the same device to arrive again and reopens it.
    virtual Status reconnect(std::chrono::milliseconds timeout) = 0;
    // Reply transfers kept queued at once (the USB link keeps several in flight).
    virtual int transfers_in_flight() const { return 1; }
};

}  // namespace intake::drivers
