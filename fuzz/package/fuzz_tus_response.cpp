// libFuzzer target for what a tus server (or whoever answers in its name) sends back: the
// Upload-Metadata header and the Location of a creation, checked against the endpoint. Never
// a crash; decoded metadata survives a round trip.
#include <cstddef>
#include <cstdint>
#include <string>

#include "station/package/tus_transport.h"

using namespace intake::package;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto metadata = decode_tus_metadata(text);
    // What decodes re-encodes and decodes to the same map.
    if (decode_tus_metadata(encode_tus_metadata(metadata)) != metadata) __builtin_trap();
    (void)check_endpoint(text);
    (void)check_same_origin("https://lab.example.com/files/", text);
    return 0;
}
