// The frame parser on good, corrupted, malformed and hostile input.
#include "drivers/frame.h"

#include <gtest/gtest.h>

#include "drivers/scan_protocol.h"

namespace intake::drivers {
namespace {

std::vector<std::byte> bytes_of(std::initializer_list<int> v) {
    std::vector<std::byte> out;
    for (int b : v) out.push_back(std::byte(b));
    return out;
}

TEST(Frame, Crc32cMatchesTheStandardCheckValue) {
    const std::string check = "123456789";
    EXPECT_EQ(crc32c(std::as_bytes(std::span(check.data(), check.size()))), 0xE3069283U);
}

TEST(Frame, RoundTripsThroughTheStreamingParserInPieces) {
    Frame f{FrameType::get_result_reply, 0xBEEF, bytes_of({1, 2, 3, 4, 5})};
    auto wire = encode_frame(f);
    ASSERT_EQ(wire.size(), kFrameHeaderSize + 5 + kFrameTrailerSize);
    FrameParser parser;
    for (size_t i = 0; i + 1 < wire.size(); ++i) {  // one byte at a time: never a frame too early
        parser.feed(std::span(wire).subspan(i, 1));
        auto out = parser.next();
        EXPECT_FALSE(out.frame);
        EXPECT_EQ(out.fault, FrameFault::none);
    }
    parser.feed(std::span(wire).last(1));
    auto out = parser.next();
    ASSERT_TRUE(out.frame);
    EXPECT_EQ(out.frame->type, FrameType::get_result_reply);
    EXPECT_EQ(out.frame->sequence, 0xBEEF);
    EXPECT_EQ(out.frame->payload, f.payload);
    EXPECT_EQ(parser.buffered(), 0U);
}

TEST(Frame, CorruptedPayloadIsACrcFaultThatKeepsTheStreamInSync) {
    auto a = encode_frame(Frame{FrameType::status_reply, 7, bytes_of({9, 9, 9})});
    auto b = encode_frame(Frame{FrameType::abort_reply, 8, {}});
    a[kFrameHeaderSize] ^= std::byte{0x40};
    FrameParser parser;
    parser.feed(a);
    parser.feed(b);
    auto first = parser.next();
    EXPECT_EQ(first.fault, FrameFault::bad_crc);
    EXPECT_EQ(first.sequence, 7);
    auto second =
        parser.next();  // the next frame still parses: CRC faults are retransmitted, not reset
    ASSERT_TRUE(second.frame);
    EXPECT_EQ(second.frame->sequence, 8);
}

TEST(Frame, MalformedHeadersAreProtocolFaultsAndClearTheBuffer) {
    struct Case {
        std::vector<std::byte> wire;
        FrameFault fault;
    };
    auto good = encode_frame(Frame{FrameType::identify, 1, {}});
    auto bad_magic = good;
    bad_magic[0] = std::byte{'X'};
    auto bad_version = good;
    bad_version[2] = std::byte{9};
    auto unknown = good;
    unknown[3] = std::byte{0x33};
    auto reserved = good;
    reserved[6] = std::byte{1};
    auto oversize = good;
    oversize[10] = std::byte{0x02};  // 0x20000 bytes > 65536
    for (const auto& c : std::vector<Case>{{bad_magic, FrameFault::bad_magic},
                                           {bad_version, FrameFault::bad_version},
                                           {unknown, FrameFault::unknown_type},
                                           {reserved, FrameFault::bad_reserved},
                                           {oversize, FrameFault::oversize}}) {
        FrameParser parser;
        parser.feed(c.wire);
        auto out = parser.next();
        EXPECT_EQ(out.fault, c.fault) << frame_fault_name(c.fault);
        EXPECT_FALSE(out.frame);
        EXPECT_EQ(parser.buffered(), 0U);
    }
}

TEST(Frame, OversizeLengthIsRejectedBeforeAnyPayloadArrives) {
    // Only the 12-byte header of a frame claiming 4 GiB: rejected at once, nothing allocated.
    auto header = bytes_of({0x49, 0x53, 1, 0x85, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF});
    FrameParser parser;
    parser.feed(header);
    EXPECT_EQ(parser.next().fault, FrameFault::oversize);
}

TEST(Frame, DecodeFrameWantsExactlyOneFramePerTransfer) {
    auto wire = encode_frame(Frame{FrameType::stop, 3, {}});
    EXPECT_TRUE(decode_frame(wire).frame);
    auto longer = wire;
    longer.push_back(std::byte{0});
    EXPECT_EQ(decode_frame(longer).fault, FrameFault::bad_length);
    EXPECT_EQ(decode_frame(std::span(wire).first(5)).fault, FrameFault::bad_length);
    EXPECT_EQ(decode_frame({}).fault, FrameFault::bad_length);
}

TEST(Frame, PayloadCodecsRejectTruncatedAndTrailingBytes) {
    HeadStatus s{HeadState::ready, 100, 97, Arch::lower, 5, 123456789012ULL, 0xCAFEBABE};
    auto payload = encode_status(s);
    auto back = decode_status(payload);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->result_size, s.result_size);
    EXPECT_EQ(back->arch, Arch::lower);
    payload.pop_back();
    EXPECT_FALSE(decode_status(payload));
    auto id = encode_identity(HeadIdentity{1, "M", "S", "F"});
    id.push_back(std::byte{0});
    EXPECT_FALSE(decode_identity(id));
    EXPECT_FALSE(decode_get_result(bytes_of({1, 2, 3})));
}

}  // namespace
}  // namespace intake::drivers
