// ScanHead: the host side of the scan-head protocol (docs/scanner-protocol.md). Opens a head over
// USB by VID/PID (libusb, private to drivers/usb) or talks to the in-process simulator, identifies
// it, runs a scan and downloads the finished arch as binary PLY bytes in pipelined, CRC-checked
// chunks. A download interrupted by an unplug is kept: reconnect() then resume() continue from the
// offset.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "drivers/frame.h"
#include "drivers/scan_protocol.h"
#include "drivers/scan_transport.h"

namespace intake::drivers {

class SimScanHead;

struct ScanOptions {
    std::chrono::milliseconds reply_timeout{1000};   // per attempt
    int max_attempts = 4;                            // first try + 3 retransmissions
    uint32_t chunk_size = 16384;                     // GET_RESULT length
    int window = 4;                                  // GET_RESULT commands outstanding at once
    std::chrono::milliseconds status_interval{0};    // pause between STATUS polls
    std::chrono::milliseconds scan_timeout{120000};  // START_SCAN to ready
};

struct ScanProgress {
    std::string phase;  // "scanning", "processing", "downloading"
    int percent = 0;
    int coverage = 0;
    uint64_t bytes_done = 0;
    uint64_t bytes_total = 0;
};
using ProgressCallback = std::function<void(const ScanProgress&)>;

// An event from the head's interrupt endpoint (BUTTON, FAULT or COVERAGE).
struct HeadEvent {
    FrameType type = FrameType::event_button;
    uint8_t button = 0;                     // BUTTON: 1 = the trigger
    bool pressed = false;                   // BUTTON
    uint8_t progress = 0;                   // COVERAGE, percent
    uint8_t coverage = 0;                   // COVERAGE, percent
    HeadError fault = HeadError::internal;  // FAULT
    std::string message;                    // FAULT
};

struct ScanStats {
    int retransmits = 0;  // commands sent again (CRC error, timeout, STALL)
    int stalls_cleared = 0;
    int protocol_resets = 0;  // sessions reset after a malformed frame
    int reconnects = 0;
    size_t max_outstanding = 0;  // most GET_RESULT commands in flight at once
};

class ScanHead {
  public:
    ScanHead(std::unique_ptr<ScanTransport> transport, ScanOptions options = {});

    // The backends. Each is defined by its own library, so a target links the one it calls:
    // open_usb by intake::drivers_usb (drivers/usb, libusb), open_simulated by
    // intake::drivers_sim (drivers/sim).
    //
    // The first head with this VID:PID and the protocol's vendor interface. Errc::not_found names
    // what was looked for; Errc::access_denied names the missing udev rule.
    static Result<std::unique_ptr<ScanHead>> open_usb(uint16_t vid = kScanHeadVid,
                                                      uint16_t pid = kScanHeadPid,
                                                      ScanOptions options = {});
    static std::unique_ptr<ScanHead> open_simulated(std::shared_ptr<SimScanHead> head,
                                                    ScanOptions options = {});

    Result<HeadIdentity> identify();
    Result<HeadStatus> status();
    // START_SCAN, poll STATUS (STOP at 100 %), then download the result. PLY bytes.
    Result<std::vector<std::byte>> scan(Arch arch, const ProgressCallback& progress = {});
    // Continues an interrupted download from the first missing byte (after reconnect()).
    Result<std::vector<std::byte>> resume(const ProgressCallback& progress = {});
    // Waits for the head to come back after an unplug and checks it is the same head (serial).
    Status reconnect(std::chrono::milliseconds timeout);
    Status abort();
    // The next event; Errc::timeout when none arrives in time. Malformed events are Errc::protocol
    // and reset only the event stream.
    Result<HeadEvent> next_event(std::chrono::milliseconds timeout);

    bool has_partial_download() const { return download_.has_value(); }
    uint64_t downloaded_bytes() const { return download_ ? download_->contiguous : 0; }
    const ScanStats& stats() const { return stats_; }
    std::string describe() const { return transport_->describe(); }

  private:
    struct Download {
        uint32_t scan_id = 0;
        uint64_t total = 0;
        uint32_t crc = 0;
        std::vector<std::byte> data;
        std::vector<bool> chunk_done;
        uint64_t contiguous = 0;  // bytes [0, contiguous) are in
    };
    struct Pending {
        uint16_t sequence = 0;
        uint64_t offset = 0;
        uint32_t length = 0;
        std::vector<std::byte> frame;
        int attempts = 0;
    };
    enum class Wait { frame, crc, timeout, stall };
    struct Received {
        Wait kind = Wait::timeout;
        Frame frame;
    };

    uint16_t next_sequence();
    Result<Frame> transact(FrameType command, std::vector<std::byte> payload);
    Result<Received> receive_one(std::chrono::milliseconds timeout);
    Status send_frame(const std::vector<std::byte>& frame);
    Status recover(Wait kind, const char* what, int attempts);
    Error error_from_reply(const Frame& reply, FrameType command) const;
    Error protocol_reset(const std::string& why);
    Result<HeadStatus> wait_until_ready(const ProgressCallback& progress);
    Result<HeadEvent> read_event(std::chrono::milliseconds timeout);
    Error scan_failure(HeadState state);
    Result<std::vector<std::byte>> download(const ProgressCallback& progress);
    Status send_chunk_request(std::deque<Pending>& pending, uint64_t offset);
    Status accept_chunk(std::deque<Pending>& pending, const Frame& frame);
    Status retransmit(std::deque<Pending>& pending, bool all);

    std::unique_ptr<ScanTransport> transport_;
    ScanOptions options_;
    FrameParser parser_;
    FrameParser event_parser_;
    std::deque<HeadEvent> held_events_;  // read while looking for a FAULT; next_event() gives them
    uint16_t sequence_ = 0;
    std::optional<std::string> serial_;
    std::optional<Download> download_;
    ScanStats stats_;
};

}  // namespace intake::drivers
