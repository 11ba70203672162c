// Reads the prescription's free text the way a lab technician would: each clause that asks for
// a movement on named teeth ("extrude the 24 another 0.5mm", "intrude 12 and 22 by 0.3 mm",
// "rotate 13 mesially 10 degrees", "IPR 0.2 between 33 and 34", "class II elastics 13 to 46")
// becomes an Instruction, so the same tooth and amount checks apply to it. What cannot be read
// stays text; it is worth a warning only when it holds tooth-like numbers nobody placed, a
// negated or past request ("no IPR on 33/34", "24 was extruded"), or a movement without its
// direction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "station/record/prescription.h"

namespace intake::record {

struct UnderstoodInstruction {
    Instruction instruction;
    std::string source;  // the words it was read from, as written
};

struct FreeTextReading {
    std::vector<UnderstoodInstruction> understood;
    std::vector<std::string> warnings;  // "free text: ..." — never errors on their own
};

FreeTextReading read_free_text(std::string_view text);

}  // namespace intake::record
