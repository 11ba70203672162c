#include "drivers/frame.h"

#include <array>
#include <cstring>

namespace intake::drivers {
namespace {

constexpr uint8_t kMagic0 = 0x49;  // 'I'
constexpr uint8_t kMagic1 = 0x53;  // 'S'

constexpr std::array<uint32_t, 256> make_crc32c_table() {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1U) ? (c >> 1) ^ 0x82F63B78U : c >> 1;  // reflected Castagnoli polynomial
        }
        table[i] = c;
    }
    return table;
}
constexpr auto kCrcTable = make_crc32c_table();

uint8_t byte_at(std::span<const std::byte> b, size_t i) { return std::to_integer<uint8_t>(b[i]); }

uint32_t read_u32(std::span<const std::byte> b, size_t at) {
    return uint32_t(byte_at(b, at)) | uint32_t(byte_at(b, at + 1)) << 8 |
           uint32_t(byte_at(b, at + 2)) << 16 | uint32_t(byte_at(b, at + 3)) << 24;
}

}  // namespace

bool is_known_frame_type(uint8_t type) {
    switch (type) {
        case 0x01:
        case 0x02:
        case 0x03:
        case 0x04:
        case 0x05:
        case 0x06:
        case 0x40:
        case 0x41:
        case 0x42:
        case 0x81:
        case 0x82:
        case 0x83:
        case 0x84:
        case 0x85:
        case 0x86:
        case 0xFF:
            return true;
        default:
            return false;
    }
}

bool is_command(FrameType type) {
    return static_cast<uint8_t>(type) >= 0x01 && static_cast<uint8_t>(type) <= 0x06;
}

FrameType reply_type_for(FrameType command) {
    return static_cast<FrameType>(static_cast<uint8_t>(command) | 0x80);
}

const char* frame_type_name(FrameType type) {
    switch (type) {
        case FrameType::identify:
            return "IDENTIFY";
        case FrameType::start_scan:
            return "START_SCAN";
        case FrameType::status:
            return "STATUS";
        case FrameType::stop:
            return "STOP";
        case FrameType::get_result:
            return "GET_RESULT";
        case FrameType::abort:
            return "ABORT";
        case FrameType::event_button:
            return "BUTTON";
        case FrameType::event_fault:
            return "FAULT";
        case FrameType::event_coverage:
            return "COVERAGE";
        case FrameType::identify_reply:
            return "IDENTIFY reply";
        case FrameType::start_scan_reply:
            return "START_SCAN reply";
        case FrameType::status_reply:
            return "STATUS reply";
        case FrameType::stop_reply:
            return "STOP reply";
        case FrameType::get_result_reply:
            return "GET_RESULT reply";
        case FrameType::abort_reply:
            return "ABORT reply";
        case FrameType::error_reply:
            return "ERROR";
    }
    return "unknown";
}

const char* frame_fault_name(FrameFault fault) {
    switch (fault) {
        case FrameFault::none:
            return "none";
        case FrameFault::bad_magic:
            return "bad magic";
        case FrameFault::bad_version:
            return "unsupported version";
        case FrameFault::unknown_type:
            return "unknown frame type";
        case FrameFault::bad_reserved:
            return "reserved field not zero";
        case FrameFault::oversize:
            return "payload length over 65536";
        case FrameFault::bad_length:
            return "transfer is not exactly one frame";
        case FrameFault::bad_crc:
            return "CRC-32C mismatch";
    }
    return "unknown fault";
}

uint32_t crc32c(std::span<const std::byte> bytes, uint32_t crc) {
    crc = ~crc;
    for (std::byte b : bytes) {
        crc = kCrcTable[(crc ^ std::to_integer<uint8_t>(b)) & 0xFFU] ^ (crc >> 8);
    }
    return ~crc;
}

std::vector<std::byte> encode_frame(const Frame& frame) {
    PayloadWriter w;
    w.u8(kMagic0).u8(kMagic1).u8(kProtocolVersion).u8(static_cast<uint8_t>(frame.type));
    w.u16(frame.sequence).u16(0).u32(static_cast<uint32_t>(frame.payload.size()));
    w.bytes(frame.payload);
    std::vector<std::byte> out = w.take();
    const uint32_t crc = crc32c(out);
    PayloadWriter trailer;
    trailer.u32(crc);
    const auto t = trailer.take();
    out.insert(out.end(), t.begin(), t.end());
    return out;
}

void FrameParser::feed(std::span<const std::byte> bytes) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

FrameParser::Outcome FrameParser::next() {
    Outcome out;
    const std::span<const std::byte> b(buffer_);
    // Check every header byte as soon as it is there, so garbage is rejected without waiting.
    FrameFault fault = FrameFault::none;
    if ((!b.empty() && byte_at(b, 0) != kMagic0) || (b.size() >= 2 && byte_at(b, 1) != kMagic1))
        fault = FrameFault::bad_magic;
    else if (b.size() >= 3 && byte_at(b, 2) != kProtocolVersion)
        fault = FrameFault::bad_version;
    else if (b.size() >= 4 && !is_known_frame_type(byte_at(b, 3)))
        fault = FrameFault::unknown_type;
    else if (b.size() >= 8 && (byte_at(b, 6) != 0 || byte_at(b, 7) != 0))
        fault = FrameFault::bad_reserved;
    else if (b.size() >= 12 && read_u32(b, 8) > kMaxPayload)
        fault = FrameFault::oversize;
    if (fault != FrameFault::none) {
        buffer_.clear();  // the stream is not trustworthy past this point
        out.fault = fault;
        return out;
    }
    if (b.size() < kFrameHeaderSize) return out;
    const size_t length = read_u32(b, 8);
    const size_t total = kFrameHeaderSize + length + kFrameTrailerSize;
    if (b.size() < total) return out;
    const uint16_t sequence = static_cast<uint16_t>(byte_at(b, 4) | byte_at(b, 5) << 8);
    const uint32_t expected = read_u32(b, kFrameHeaderSize + length);
    if (crc32c(b.first(kFrameHeaderSize + length)) != expected) {
        out.fault = FrameFault::bad_crc;
        out.sequence = sequence;
    } else {
        Frame frame;
        frame.type = static_cast<FrameType>(byte_at(b, 3));
        frame.sequence = sequence;
        const auto payload = b.subspan(kFrameHeaderSize, length);
        frame.payload.assign(payload.begin(), payload.end());
        out.frame = std::move(frame);
    }
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(total));
    return out;
}

FrameParser::Outcome decode_frame(std::span<const std::byte> bytes) {
    FrameParser parser;
    parser.feed(bytes);
    FrameParser::Outcome out = parser.next();
    if (out.fault == FrameFault::none && (!out.frame || parser.buffered() != 0)) {
        // A transfer must hold exactly one whole frame; a short or long one is malformed.
        out.frame.reset();
        out.fault = FrameFault::bad_length;
    }
    return out;
}

PayloadWriter& PayloadWriter::u8(uint8_t v) {
    out_.push_back(std::byte{v});
    return *this;
}
PayloadWriter& PayloadWriter::u16(uint16_t v) { return u8(uint8_t(v)).u8(uint8_t(v >> 8)); }
PayloadWriter& PayloadWriter::u32(uint32_t v) { return u16(uint16_t(v)).u16(uint16_t(v >> 16)); }
PayloadWriter& PayloadWriter::u64(uint64_t v) { return u32(uint32_t(v)).u32(uint32_t(v >> 32)); }
PayloadWriter& PayloadWriter::str(const std::string& s) {
    const size_t n = s.size() < 255 ? s.size() : 255;
    u8(static_cast<uint8_t>(n));
    for (size_t i = 0; i < n; ++i) out_.push_back(static_cast<std::byte>(s[i]));
    return *this;
}
PayloadWriter& PayloadWriter::bytes(std::span<const std::byte> b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
}

std::optional<uint64_t> PayloadReader::read_le(size_t n) {
    if (in_.size() - pos_ < n) return std::nullopt;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= uint64_t(byte_at(in_, pos_ + i)) << (8 * i);
    pos_ += n;
    return v;
}
std::optional<uint8_t> PayloadReader::u8() {
    auto v = read_le(1);
    return v ? std::optional<uint8_t>(uint8_t(*v)) : std::nullopt;
}
std::optional<uint16_t> PayloadReader::u16() {
    auto v = read_le(2);
    return v ? std::optional<uint16_t>(uint16_t(*v)) : std::nullopt;
}
std::optional<uint32_t> PayloadReader::u32() {
    auto v = read_le(4);
    return v ? std::optional<uint32_t>(uint32_t(*v)) : std::nullopt;
}
std::optional<uint64_t> PayloadReader::u64() { return read_le(8); }
std::optional<std::string> PayloadReader::str() {
    auto n = u8();
    if (!n || in_.size() - pos_ < *n) return std::nullopt;
    std::string s(reinterpret_cast<const char*>(in_.data() + pos_), *n);
    pos_ += *n;
    return s;
}

}  // namespace intake::drivers
