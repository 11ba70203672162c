// The simulated scan head: the device side of the scan-head protocol, serving the PLY bytes it is
// given for each arch. It is the scanner of the demo (in-process, no USB) and the device model
// behind umockdev in the tests, so it answers exactly what a real head would, byte for byte.
// Thread-safe: umockdev calls it from its own thread while the test drives the host.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "drivers/frame.h"
#include "drivers/scan_protocol.h"
#include "drivers/scan_transport.h"

namespace intake::drivers {

struct SimScanHeadConfig {
    HeadIdentity identity{1, "Intake SimHead 1", "SIM-0001", "1.0.0"};
    int polls_to_capture = 4;  // STATUS polls from START_SCAN to 100 % progress
};

class SimScanHead {
  public:
    using Results = std::map<Arch, std::shared_ptr<const std::vector<std::byte>>>;

    explicit SimScanHead(Results results, SimScanHeadConfig config = {});
    // Reads each file whole; names the file that cannot be read.
    static Result<std::shared_ptr<SimScanHead>> from_files(
        const std::map<Arch, std::filesystem::path>& files, SimScanHeadConfig config = {});

    // One bulk OUT transfer (one command frame) in, the reply frame (one bulk IN transfer) out.
    std::vector<std::byte> handle_transfer(std::span<const std::byte> transfer);
    // The next interrupt IN event frame, if any.
    std::optional<std::vector<std::byte>> take_event();
    void press_button();
    // The next scan fails once its progress reaches `at_progress` %: STATUS then says `failed` and
    // a FAULT event carries `code` and `message`, the way a head reports a lost tracking or an
    // overheated tip. One-shot; the scan after it runs normally.
    void fail_next_scan(HeadError code, std::string message, int at_progress = 50);

    // Inspection for tests and the demo.
    HeadStatus status() const;
    std::vector<uint64_t> requested_offsets() const;  // every GET_RESULT offset, in order
    int executed_count(FrameType command) const;      // executed, not answered from the cache
    int cached_replies() const;

  private:
    std::vector<std::byte> execute(const Frame& command);
    std::vector<std::byte> reply(const Frame& command, FrameType type,
                                 std::vector<std::byte> payload);
    std::vector<std::byte> error(uint16_t sequence, uint8_t command, HeadError code,
                                 std::string message);
    std::vector<std::byte> on_start_scan(const Frame& command);
    std::vector<std::byte> on_status(const Frame& command);
    std::vector<std::byte> on_get_result(const Frame& command);
    void advance_capture();
    void push_event(FrameType type, std::vector<std::byte> payload);

    mutable std::recursive_mutex mutex_;
    Results results_;
    SimScanHeadConfig config_;
    HeadStatus status_;
    std::shared_ptr<const std::vector<std::byte>> current_;
    int polls_ = 0;
    uint32_t next_scan_id_ = 1;
    // Retransmission cache: the last command's sequence, type and reply.
    std::optional<std::pair<uint16_t, FrameType>> last_command_;
    std::vector<std::byte> last_reply_;
    int cached_replies_ = 0;
    std::map<FrameType, int> executed_;
    std::vector<uint64_t> offsets_;
    std::deque<std::vector<std::byte>> events_;
    uint16_t event_sequence_ = 0;
    struct PlannedFault {
        HeadError code;
        std::string message;
        int at_progress;
    };
    std::optional<PlannedFault> planned_fault_;
};

// The in-process link to a simulated head: no USB, the demo's scanner (what
// ScanHead::open_simulated wraps).
std::unique_ptr<ScanTransport> make_sim_transport(std::shared_ptr<SimScanHead> head);

}  // namespace intake::drivers
