// One written instruction checked and put into the lab's words. The same checks apply to an
// instruction from the prescription's list and to one understood from its free text; only the
// way a message points back at it differs ("instructions[2].amount" or "free text '...'").
// Every finding names the tooth, contact or elastic first: "tooth 36: 8 mm extrusion is over
// the 3 mm limit".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "station/record/prescription.h"

namespace intake::record {

// Where an instruction came from, for messages.
struct InstructionOrigin {
    std::string path;  // "instructions[2]", or the free-text words it was read from
    bool from_text = false;
};

// Checks teeth, movement, amount and unit, IPR contacts, elastics, aligner features and the
// arches to treat; appends findings to `out` and returns the checked instruction with its
// FDI teeth and lab sentence.
CheckedInstruction check_instruction(const Instruction& in, const InstructionOrigin& origin,
                                     std::string_view arches_to_treat, RxCheck& out);

// Findings between instructions: one tooth asked to move both ways, a pontic (a missing tooth)
// asked to move or carry an elastic.
void check_across_instructions(const std::vector<const CheckedInstruction*>& all, RxCheck& out);

// The lab's sentence: "Please extrude the 24 another 0.5 mm into better occlusion.",
// "IPR 0.2 mm between 33 and 34.", "Class II elastic on the right: ...".
std::string instruction_sentence(const Instruction& in, const std::vector<int>& fdi);

// "tooth 13" / "teeth 11 and 21" / "" when no teeth are known.
std::string teeth_label(const std::vector<int>& fdi);

}  // namespace intake::record
