// The scan-head protocol's messages (docs/scanner-protocol.md) as value types, with their
// payload encoders and decoders. Both ends use these, so a field can only change in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace intake::drivers {

// USB identity of a head speaking this protocol.
inline constexpr uint16_t kScanHeadVid = 0x1209;
inline constexpr uint16_t kScanHeadPid = 0x4953;
inline constexpr uint8_t kScanHeadClass = 0xFF;
inline constexpr uint8_t kScanHeadSubclass = 0x49;
inline constexpr uint8_t kScanHeadProtocol = 0x01;
inline constexpr uint8_t kEpCommandOut = 0x01;
inline constexpr uint8_t kEpReplyIn = 0x81;
inline constexpr uint8_t kEpEventIn = 0x82;
// GET_RESULT reply = u32 scan id + u64 offset + data, within one frame's payload.
inline constexpr uint32_t kMaxChunk = 65536 - 12;

enum class Arch : uint8_t { upper = 1, lower = 2, bite_left = 3, bite_right = 4, bite_front = 5 };
const char* arch_name(Arch arch);  // "upper", "lower", "bite-left", ...
// Accepts the names above and "bite" (= bite-front, the CLI's single bite scan).
std::optional<Arch> parse_arch(std::string_view name);

enum class HeadState : uint8_t { idle = 0, scanning = 1, processing = 2, ready = 3, failed = 4 };
const char* head_state_name(HeadState state);

enum class HeadError : uint16_t {
    bad_crc = 1,
    malformed = 2,
    unknown_type = 3,
    bad_state = 4,
    bad_argument = 5,
    stale_scan = 6,
    busy = 7,
    internal = 8,
};
Errc errc_for(HeadError code);

struct HeadIdentity {
    uint16_t protocol_version = 1;
    std::string model;
    std::string serial;
    std::string firmware;
};

struct HeadStatus {
    HeadState state = HeadState::idle;
    uint8_t progress = 0;  // percent
    uint8_t coverage = 0;  // percent
    Arch arch = Arch::upper;
    uint32_t scan_id = 0;
    uint64_t result_size = 0;
    uint32_t result_crc = 0;  // CRC-32C of the whole result
};

struct ErrorReply {
    HeadError code = HeadError::internal;
    uint8_t command = 0;
    std::string message;
};

struct GetResultRequest {
    uint32_t scan_id = 0;
    uint64_t offset = 0;
    uint32_t length = 0;
};

std::vector<std::byte> encode_identity(const HeadIdentity& id);
std::optional<HeadIdentity> decode_identity(std::span<const std::byte> payload);
std::vector<std::byte> encode_status(const HeadStatus& status);
std::optional<HeadStatus> decode_status(std::span<const std::byte> payload);
std::vector<std::byte> encode_error(const ErrorReply& error);
std::optional<ErrorReply> decode_error(std::span<const std::byte> payload);
std::vector<std::byte> encode_get_result(const GetResultRequest& request);
std::optional<GetResultRequest> decode_get_result(std::span<const std::byte> payload);

}  // namespace intake::drivers
