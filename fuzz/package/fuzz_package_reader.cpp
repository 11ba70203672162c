// libFuzzer target for the package reader (zip + manifest): bytes from outside (a USB stick,
// a lab, an attacker) must give a digest or an error — never a crash, a hang or an allocation
// beyond the reader's limits. Whatever parses is verified (signature, hashes, id) too.
#include <cstddef>
#include <cstdint>
#include <span>

#include "station/package/package_reader.h"

using namespace intake::package;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ReadLimits limits;
    limits.max_entry_bytes = 16 << 20;  // keeps each run fast; the checks are the same
    limits.max_total_bytes = 32 << 20;
    auto digest = digest_package_bytes(std::as_bytes(std::span(data, size)), "fuzz.zip", limits);
    if (digest) {
        TrustedKeys trust{{digest->manifest.station_public_key}};
        (void)verify_digest(*digest, &trust);
        (void)verify_digest(*digest, nullptr);
    }
    return 0;
}
