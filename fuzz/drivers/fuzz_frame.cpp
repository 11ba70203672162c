// libFuzzer target for the scan-head frame parser (drivers/frame.h): arbitrary bytes, fed whole
// and in pieces, must give frames or faults — never a crash, a hang or an unbounded allocation.
// Whatever parses must re-encode to the same bytes and decode as a payload without trouble.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/frame.h"
#include "drivers/scan_protocol.h"

using namespace intake::drivers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto bytes = std::as_bytes(std::span(data, size));
    (void)decode_frame(bytes);
    FrameParser parser;
    // The first byte picks a split so partial transfers are exercised too.
    const size_t split = size > 0 ? data[0] % (size + 1) : 0;
    parser.feed(bytes.first(split));
    for (int round = 0; round < 2; ++round) {
        for (;;) {
            auto out = parser.next();
            if (out.frame) {
                const auto again = encode_frame(*out.frame);
                if (decode_frame(again).frame->payload != out.frame->payload) __builtin_trap();
                (void)decode_status(out.frame->payload);
                (void)decode_identity(out.frame->payload);
                (void)decode_error(out.frame->payload);
                (void)decode_get_result(out.frame->payload);
                continue;
            }
            if (out.fault == FrameFault::none) break;
        }
        if (round == 0) parser.feed(bytes.subspan(split));
    }
    return 0;
}
