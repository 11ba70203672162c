#include "drivers/scan_protocol.h"

#include "drivers/frame.h"

namespace intake::drivers {

const char* arch_name(Arch arch) {
    switch (arch) {
        case Arch::upper:
            return "upper";
        case Arch::lower:
            return "lower";
        case Arch::bite_left:
            return "bite-left";
        case Arch::bite_right:
            return "bite-right";
        case Arch::bite_front:
            return "bite-front";
    }
    return "unknown";
}

std::optional<Arch> parse_arch(std::string_view name) {
    if (name == "upper") return Arch::upper;
    if (name == "lower") return Arch::lower;
    if (name == "bite" || name == "bite-front") return Arch::bite_front;
    if (name == "bite-left") return Arch::bite_left;
    if (name == "bite-right") return Arch::bite_right;
    return std::nullopt;
}

const char* head_state_name(HeadState state) {
    switch (state) {
        case HeadState::idle:
            return "idle";
        case HeadState::scanning:
            return "scanning";
        case HeadState::processing:
            return "processing";
        case HeadState::ready:
            return "ready";
        case HeadState::failed:
            return "failed";
    }
    return "unknown";
}

Errc errc_for(HeadError code) {
    switch (code) {
        case HeadError::bad_crc:
        case HeadError::malformed:
        case HeadError::unknown_type:
            return Errc::protocol;
        case HeadError::bad_state:
            return Errc::conflict;
        case HeadError::bad_argument:
            return Errc::invalid_argument;
        case HeadError::stale_scan:
            return Errc::conflict;
        case HeadError::busy:
            return Errc::busy;
        case HeadError::internal:
            return Errc::io;
    }
    return Errc::protocol;
}

std::vector<std::byte> encode_identity(const HeadIdentity& id) {
    return PayloadWriter()
        .u16(id.protocol_version)
        .str(id.model)
        .str(id.serial)
        .str(id.firmware)
        .take();
}

std::optional<HeadIdentity> decode_identity(std::span<const std::byte> payload) {
    PayloadReader r(payload);
    HeadIdentity id;
    auto version = r.u16();
    auto model = r.str();
    auto serial = r.str();
    auto firmware = r.str();
    if (!version || !model || !serial || !firmware || !r.at_end()) return std::nullopt;
    id.protocol_version = *version;
    id.model = *model;
    id.serial = *serial;
    id.firmware = *firmware;
    return id;
}

std::vector<std::byte> encode_status(const HeadStatus& s) {
    return PayloadWriter()
        .u8(static_cast<uint8_t>(s.state))
        .u8(s.progress)
        .u8(s.coverage)
        .u8(static_cast<uint8_t>(s.arch))
        .u32(s.scan_id)
        .u64(s.result_size)
        .u32(s.result_crc)
        .take();
}

std::optional<HeadStatus> decode_status(std::span<const std::byte> payload) {
    PayloadReader r(payload);
    auto state = r.u8();
    auto progress = r.u8();
    auto coverage = r.u8();
    auto arch = r.u8();
    auto scan_id = r.u32();
    auto size = r.u64();
    auto crc = r.u32();
    if (!crc || !r.at_end() || *state > 4 || *progress > 100 || *coverage > 100 || *arch < 1 ||
        *arch > 5) {
        return std::nullopt;
    }
    return HeadStatus{static_cast<HeadState>(*state),
                      *progress,
                      *coverage,
                      static_cast<Arch>(*arch),
                      *scan_id,
                      *size,
                      *crc};
}

std::vector<std::byte> encode_error(const ErrorReply& e) {
    return PayloadWriter().u16(static_cast<uint16_t>(e.code)).u8(e.command).str(e.message).take();
}

std::optional<ErrorReply> decode_error(std::span<const std::byte> payload) {
    PayloadReader r(payload);
    auto code = r.u16();
    auto command = r.u8();
    auto message = r.str();
    if (!message || !r.at_end() || *code < 1 || *code > 8) return std::nullopt;
    return ErrorReply{static_cast<HeadError>(*code), *command, *message};
}

std::vector<std::byte> encode_get_result(const GetResultRequest& request) {
    return PayloadWriter().u32(request.scan_id).u64(request.offset).u32(request.length).take();
}

std::optional<GetResultRequest> decode_get_result(std::span<const std::byte> payload) {
    PayloadReader r(payload);
    auto id = r.u32();
    auto offset = r.u64();
    auto length = r.u32();
    if (!length || !r.at_end()) return std::nullopt;
    return GetResultRequest{*id, *offset, *length};
}

}  // namespace intake::drivers
