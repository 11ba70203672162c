// libFuzzer target for the JSON documents a station reads from outside: the case file, the
// prescription and a rule pack. The first byte picks the reader; errors are values, never a
// crash or an exception escaping.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "station/record/case_file.h"
#include "station/record/prescription.h"
#include "station/record/rule_pack.h"

using namespace intake::record;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            (void)parse_case_json(text, "case.json");
            break;
        case 1:
            (void)parse_prescription_json(text, "rx.json");
            break;
        default:
            (void)parse_rule_pack_json(text, "rules.json");
            break;
    }
    return 0;
}
