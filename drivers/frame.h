// Framing of the scan-head protocol (docs/scanner-protocol.md): magic, version, type, sequence
// number, payload length, CRC-32C. Shared by the host driver and the simulated head so both ends
// can never disagree about the wire format. The parser never trusts a length before checking it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace intake::drivers {

inline constexpr uint8_t kProtocolVersion = 1;
inline constexpr size_t kFrameHeaderSize = 12;
inline constexpr size_t kFrameTrailerSize = 4;
inline constexpr size_t kMaxPayload = 65536;
inline constexpr size_t kMaxFrameSize = kFrameHeaderSize + kMaxPayload + kFrameTrailerSize;

enum class FrameType : uint8_t {
    identify = 0x01,
    start_scan = 0x02,
    status = 0x03,
    stop = 0x04,
    get_result = 0x05,
    abort = 0x06,
    event_button = 0x40,
    event_fault = 0x41,
    event_coverage = 0x42,
    identify_reply = 0x81,
    start_scan_reply = 0x82,
    status_reply = 0x83,
    stop_reply = 0x84,
    get_result_reply = 0x85,
    abort_reply = 0x86,
    error_reply = 0xFF,
};

bool is_known_frame_type(uint8_t type);
bool is_command(FrameType type);
FrameType reply_type_for(FrameType command);
const char* frame_type_name(FrameType type);

struct Frame {
    FrameType type = FrameType::identify;
    uint16_t sequence = 0;
    std::vector<std::byte> payload;
};

// CRC-32C (Castagnoli), the checksum iSCSI and ext4 use; `crc` chains partial updates.
uint32_t crc32c(std::span<const std::byte> bytes, uint32_t crc = 0);

std::vector<std::byte> encode_frame(const Frame& frame);

enum class FrameFault {
    none,
    bad_magic,
    bad_version,
    unknown_type,
    bad_reserved,
    oversize,
    bad_length,  // a transfer that is not exactly one frame
    bad_crc,     // a transmission error: retransmit rather than reset
};
const char* frame_fault_name(FrameFault fault);

// Streaming parser: feed() bytes as transfers arrive, then take frames with next().
// After a fault other than bad_crc the stream cannot be trusted; reset() starts over.
class FrameParser {
  public:
    struct Outcome {
        std::optional<Frame> frame;  // a complete, checked frame
        FrameFault fault = FrameFault::none;
        uint16_t sequence = 0;  // of the faulty frame (meaningful for bad_crc only)
    };

    void feed(std::span<const std::byte> bytes);
    // A frame, a fault (the faulty bytes are consumed), or neither when more bytes are needed.
    Outcome next();
    void reset() { buffer_.clear(); }
    size_t buffered() const { return buffer_.size(); }

  private:
    std::vector<std::byte> buffer_;
};

// Parses exactly one frame from one transfer (the device side: one command per bulk OUT).
FrameParser::Outcome decode_frame(std::span<const std::byte> bytes);

// Little-endian payload building and reading, bounds-checked.
class PayloadWriter {
  public:
    PayloadWriter& u8(uint8_t v);
    PayloadWriter& u16(uint16_t v);
    PayloadWriter& u32(uint32_t v);
    PayloadWriter& u64(uint64_t v);
    PayloadWriter& str(const std::string& s);  // u8 length, truncated at 255 bytes
    PayloadWriter& bytes(std::span<const std::byte> b);
    std::vector<std::byte> take() { return std::move(out_); }

  private:
    std::vector<std::byte> out_;
};

class PayloadReader {
  public:
    explicit PayloadReader(std::span<const std::byte> in) : in_(in) {}
    std::optional<uint8_t> u8();
    std::optional<uint16_t> u16();
    std::optional<uint32_t> u32();
    std::optional<uint64_t> u64();
    std::optional<std::string> str();
    std::span<const std::byte> rest() const { return in_.subspan(pos_); }
    bool at_end() const { return pos_ == in_.size(); }

  private:
    std::optional<uint64_t> read_le(size_t n);
    std::span<const std::byte> in_;
    size_t pos_ = 0;
};

}  // namespace intake::drivers
