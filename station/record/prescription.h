// The refinement prescription (step 4 and 5 of the appointment, docs/prescription.md): the
// attachments decision and the written movement instructions, checked and rendered as the
// lab's text. Structure errors (malformed JSON, unknown fields, wrong types) are bad_input;
// clinical problems (an invalid tooth, a contradiction) are findings in RxCheck.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intake::record {

struct AttachmentsDecision {
    std::string decision = "keep-all";           // keep-all | remove-all | remove-some
    std::optional<std::string> teeth;            // remove-some: which attachments come off
    std::optional<std::string> reason;           // required for any removal
    std::optional<std::string> decided_by;       // user id of the clinician
    std::optional<std::string> decided_by_role;  // must be "clinician" for a removal
    bool confirmed = false;                      // the explicit "yes, remove" confirmation
    bool defaulted = true;                       // no "attachments" object: the default applies
};

struct Instruction {
    std::string teeth;  // as written: "24", "lower 3-3", "11, 21"
    std::string movement;
    std::optional<double> amount;
    std::optional<std::string> unit;
    std::optional<std::string> note;  // "into better occlusion"
};

struct Prescription {
    std::optional<std::string> case_id;
    AttachmentsDecision attachments;
    std::vector<Instruction> instructions;
    std::string free_text;
};

struct CheckedInstruction {
    Instruction source;
    std::vector<int> teeth_fdi;  // empty when the teeth did not parse
    std::string sentence;        // "Please extrude the 24 another 0.5 mm into better occlusion."
};

struct RxCheck {
    bool valid = true;
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    std::vector<CheckedInstruction> instructions;
    std::vector<int> attachment_teeth_fdi;  // remove-some
};

Result<Prescription> parse_prescription_json(std::string_view text, std::string_view source_name);
Result<Prescription> load_prescription_file(const std::string& path);

RxCheck check_prescription(const Prescription& rx);

// Keys: valid, errors, warnings, instructions[] (teeth, teeth_fdi, movement, amount, unit,
// note, text), attachments {decision, teeth_fdi, reason, confirmed}.
nlohmann::json to_json(const RxCheck& check, const Prescription& rx);

// The attachments line the lab reads: "Keep all existing attachments".
std::string attachments_text(const AttachmentsDecision& a);

// The lab's text: submission kind, attachments decision, numbered instructions in plain
// words, then the free text. Call on a checked prescription; invalid instructions are
// rendered as written so nothing is silently dropped.
std::string render_prescription(const Prescription& rx);

nlohmann::json prescription_to_json(const Prescription& rx);

}  // namespace intake::record
