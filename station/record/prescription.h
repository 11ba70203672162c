// The refinement prescription (step 4 and 5 of the appointment, docs/prescription.md): the
// attachments decision and the written movement instructions, checked and rendered as the
// lab's text. Structure errors (malformed JSON, unknown fields, wrong types) are bad_input;
// clinical problems (an invalid tooth, a contradiction) are findings in RxCheck.
#pragma once

#include <cstdint>
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
    std::string teeth;  // as written: "24", "lower 3-3", "11, 21"; IPR: "33/34"; elastic: ""
    std::string movement;
    std::optional<double> amount;
    std::optional<std::string> unit;
    std::optional<std::string> note;  // "into better occlusion"
    // Elastics only: the two teeth carrying the hook or cut-out, the class, and what the
    // aligner has on each tooth ("hook" — a precision-cut hook, the default — or
    // "button-cutout" for a bonded button).
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::optional<std::string> elastic_class;  // "I", "II", "III"
    std::optional<std::string> from_cut;
    std::optional<std::string> to_cut;
};

// The aligner the patient wears now, per arch (the hand-out tells them to keep it for nights).
struct CurrentAligner {
    std::optional<int64_t> upper;
    std::optional<int64_t> lower;
};

struct Prescription {
    std::optional<std::string> case_id;
    std::string arches_to_treat = "both";  // upper | lower | both
    bool arches_defaulted = true;          // no "arches_to_treat": both arches
    std::optional<CurrentAligner> current_aligner;
    AttachmentsDecision attachments;
    std::vector<Instruction> instructions;
    std::string free_text;
};

struct CheckedInstruction {
    Instruction source;
    std::vector<int> teeth_fdi;  // empty when the teeth did not parse; IPR: the contact's two
    std::string sentence;        // "Please extrude the 24 another 0.5 mm into better occlusion."
    std::string origin;          // understood from free text: the words it was read from
};

struct RxCheck {
    bool valid = true;
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    std::vector<CheckedInstruction> instructions;
    std::vector<CheckedInstruction> understood;  // read from the free text
    std::vector<int> attachment_teeth_fdi;       // remove-some
};

Result<Prescription> parse_prescription_json(std::string_view text, std::string_view source_name);
Result<Prescription> load_prescription_file(const std::string& path);

RxCheck check_prescription(const Prescription& rx);

// Keys: valid, errors, warnings, instructions[] and understood[] (teeth, teeth_fdi, movement,
// amount, unit, note, text; elastics add from, to, class, from_cut, to_cut; understood adds
// source), arches_to_treat, current_aligner, attachments {decision, teeth_fdi, reason,
// confirmed}.
nlohmann::json to_json(const RxCheck& check, const Prescription& rx);

// The attachments line the lab reads: "Keep all existing attachments".
std::string attachments_text(const AttachmentsDecision& a);

// The lab's text: submission kind, attachments decision, numbered instructions in plain
// words, then the free text. Call on a checked prescription; invalid instructions are
// rendered as written so nothing is silently dropped.
std::string render_prescription(const Prescription& rx);

nlohmann::json prescription_to_json(const Prescription& rx);

}  // namespace intake::record
