#include "station/record/prescription.h"

#include "base/file_io.h"
#include "station/record/json_fields.h"
#include "station/record/rx_free_text.h"
#include "station/record/rx_instruction.h"
#include "station/record/teeth.h"

namespace intake::record {
namespace {

using nlohmann::json;

Result<AttachmentsDecision> parse_attachments(const FieldReader& root) {
    AttachmentsDecision a;
    const json* node = root.find("attachments");
    if (node == nullptr) return a;
    auto r = FieldReader::open(*node, root.source(), "attachments");
    if (!r) return fail(r.error());
    INTAKE_TRY(
        r->only({"decision", "teeth", "reason", "decided_by", "decided_by_role", "confirmed"}));
    a.defaulted = false;
    auto decision = r->string("decision");
    if (!decision) return fail(decision.error());
    a.decision = *decision;
    for (auto [key, target] : {std::pair{"teeth", &a.teeth}, std::pair{"reason", &a.reason},
                               std::pair{"decided_by", &a.decided_by},
                               std::pair{"decided_by_role", &a.decided_by_role}}) {
        auto v = r->optional_string(key);
        if (!v) return fail(v.error());
        *target = *v;
    }
    auto confirmed = r->optional_bool("confirmed");
    if (!confirmed) return fail(confirmed.error());
    a.confirmed = confirmed->value_or(false);
    return a;
}

// "teeth" may be written as text ("lower 3-3") or as an array of FDI numbers ([11, 21]).
Result<std::string> teeth_text(const FieldReader& r) {
    const json* t = r.find("teeth");
    if (t == nullptr) return r.error("teeth", "required");
    if (t->is_string()) return t->get<std::string>();
    if (!t->is_array()) return r.error("teeth", "expected text or an array of tooth numbers");
    std::string s;
    for (const json& n : *t) {
        if (!n.is_number_integer()) return r.error("teeth", "expected whole tooth numbers");
        s += (s.empty() ? "" : ", ") + std::to_string(n.get<int64_t>());
    }
    return s;
}

Result<Instruction> parse_instruction(const json& value, const std::string& source,
                                      const std::string& path) {
    auto r = FieldReader::open(value, source, path);
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"teeth", "movement", "amount", "unit", "note", "from", "to", "class",
                        "from_cut", "to_cut"}));
    Instruction in;
    auto movement = r->string("movement");
    if (!movement) return fail(movement.error());
    in.movement = *movement;
    // An elastic names its two teeth in from/to; everything else names its teeth.
    if (in.movement != "elastic" || r->find("teeth") != nullptr) {
        auto teeth = teeth_text(*r);
        if (!teeth) return fail(teeth.error());
        in.teeth = *teeth;
    }
    auto amount = r->optional_number("amount");
    if (!amount) return fail(amount.error());
    in.amount = *amount;
    for (auto [key, target] :
         {std::pair{"unit", &in.unit}, std::pair{"note", &in.note}, std::pair{"from", &in.from},
          std::pair{"to", &in.to}, std::pair{"class", &in.elastic_class},
          std::pair{"from_cut", &in.from_cut}, std::pair{"to_cut", &in.to_cut}}) {
        auto v = r->optional_string(key);
        if (!v) return fail(v.error());
        *target = *v;
    }
    return in;
}

// "current_aligner": 14 (both arches) or {"upper": 14, "lower": 12}.
Result<std::optional<CurrentAligner>> parse_current_aligner(const FieldReader& root) {
    const json* node = root.find("current_aligner");
    if (node == nullptr) return std::optional<CurrentAligner>{};
    if (node->is_number_integer()) {
        const int64_t n = node->get<int64_t>();
        return std::optional<CurrentAligner>{CurrentAligner{n, n}};
    }
    if (!node->is_object())
        return root.error("current_aligner",
                          "expected an aligner number or {\"upper\": n, \"lower\": n}");
    auto r = FieldReader::open(*node, root.source(), "current_aligner");
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"upper", "lower"}));
    CurrentAligner a;
    for (auto [key, target] : {std::pair{"upper", &a.upper}, std::pair{"lower", &a.lower}}) {
        const json* v = r->find(key);
        if (v == nullptr) continue;
        if (!v->is_number_integer()) return r->error(key, "expected a whole aligner number");
        *target = v->get<int64_t>();
    }
    return std::optional<CurrentAligner>{a};
}

}  // namespace

Result<Prescription> parse_prescription_json(std::string_view text, std::string_view source_name) {
    auto doc = parse_json_document(text, source_name);
    if (!doc) return fail(doc.error());
    auto r = FieldReader::open(*doc, std::string(source_name), "");
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"case_id", "arches_to_treat", "current_aligner", "attachments",
                        "instructions", "free_text"}));
    Prescription rx;
    auto case_id = r->optional_string("case_id");
    if (!case_id) return fail(case_id.error());
    rx.case_id = *case_id;
    auto arches = r->optional_string("arches_to_treat");
    if (!arches) return fail(arches.error());
    rx.arches_defaulted = !arches->has_value();
    rx.arches_to_treat = arches->value_or("both");
    auto aligner = parse_current_aligner(*r);
    if (!aligner) return fail(aligner.error());
    rx.current_aligner = *aligner;
    auto attachments = parse_attachments(*r);
    if (!attachments) return fail(attachments.error());
    rx.attachments = *attachments;
    auto list = r->optional_array("instructions");
    if (!list) return fail(list.error());
    for (size_t i = 0; *list != nullptr && i < (*list)->size(); ++i) {
        auto in =
            parse_instruction((**list)[i], r->source(), "instructions[" + std::to_string(i) + "]");
        if (!in) return fail(in.error());
        rx.instructions.push_back(*in);
    }
    auto free_text = r->optional_string("free_text");
    if (!free_text) return fail(free_text.error());
    rx.free_text = free_text->value_or("");
    return rx;
}

Result<Prescription> load_prescription_file(const std::string& path) {
    auto text = read_file_text(path, size_t{1} << 22);
    if (!text) return fail(text.error());
    return parse_prescription_json(*text, path);
}

namespace {

void check_attachments(const AttachmentsDecision& a, RxCheck& out) {
    if (a.decision == "keep-all") {
        if (a.teeth)
            out.errors.push_back(
                "attachments.teeth: keep-all keeps every attachment; remove teeth only with "
                "remove-some");
        return;
    }
    if (a.decision != "remove-all" && a.decision != "remove-some") {
        out.errors.push_back("attachments.decision: '" + a.decision +
                             "' is not one of keep-all, remove-all, remove-some");
        return;
    }
    if (a.decided_by_role.value_or("") != "clinician" || a.decided_by.value_or("").empty()) {
        out.errors.push_back(
            "attachments.decided_by: removing attachments is the clinician's decision (decided_by "
            "with decided_by_role clinician)");
    }
    if (a.reason.value_or("").empty())
        out.errors.push_back("attachments.reason: required to remove attachments");
    if (!a.confirmed)
        out.errors.push_back(
            "attachments.confirmed: removing attachments needs an explicit confirmation");
    if (a.decision == "remove-some") {
        auto teeth =
            a.teeth ? parse_teeth(*a.teeth)
                    : Result<std::vector<int>>(fail(Errc::bad_input, "required for remove-some"));
        if (!teeth)
            out.errors.push_back("attachments.teeth: " + teeth.error().message);
        else
            out.attachment_teeth_fdi = *teeth;
    } else if (a.teeth) {
        out.errors.push_back("attachments.teeth: remove-all takes no teeth; use remove-some");
    }
    out.warnings.push_back(
        "attachments will be removed: most first refinements keep them all; if unsure, keep them "
        "on");
}

}  // namespace

namespace {

void check_arches_and_aligner(const Prescription& rx, RxCheck& out) {
    const std::string& arches = rx.arches_to_treat;
    if (arches != "upper" && arches != "lower" && arches != "both") {
        out.errors.push_back("arches_to_treat: '" + arches + "' is not upper, lower or both");
    }
    if (!rx.current_aligner) return;
    for (auto [name, number] : {std::pair{"upper", rx.current_aligner->upper},
                                std::pair{"lower", rx.current_aligner->lower}}) {
        const bool treated = arches == "both" || arches == name;
        const std::string where = std::string("current_aligner.") + name + ": ";
        if (!number) {
            if (treated)
                out.errors.push_back(where + "the " + name +
                                     " arch is treated: which aligner does the patient wear now?");
        } else if (*number < 1 || *number > 99) {
            out.errors.push_back(where + std::to_string(*number) +
                                 " is not an aligner number (1-99)");
        }
    }
}

}  // namespace

RxCheck check_prescription(const Prescription& rx) {
    RxCheck out;
    check_arches_and_aligner(rx, out);
    check_attachments(rx.attachments, out);
    const std::string arches = rx.arches_to_treat;
    for (size_t i = 0; i < rx.instructions.size(); ++i) {
        const InstructionOrigin origin{"instructions[" + std::to_string(i) + "]", false};
        out.instructions.push_back(check_instruction(rx.instructions[i], origin, arches, out));
    }
    const FreeTextReading reading = read_free_text(rx.free_text);
    for (const UnderstoodInstruction& u : reading.understood) {
        out.understood.push_back(check_instruction(u.instruction, {u.source, true}, arches, out));
    }
    std::vector<const CheckedInstruction*> all;
    for (const auto& ci : out.instructions) all.push_back(&ci);
    for (const auto& ci : out.understood) all.push_back(&ci);
    check_across_instructions(all, out);
    if (rx.instructions.empty() && rx.free_text.empty()) {
        out.errors.push_back("instructions: a refinement needs written instructions for the lab");
    }
    for (const std::string& w : reading.warnings) out.warnings.push_back(w);
    out.valid = out.errors.empty();
    return out;
}

std::string attachments_text(const AttachmentsDecision& a) {
    if (a.decision == "remove-all") return "Remove all attachments";
    if (a.decision == "remove-some") {
        auto teeth =
            a.teeth ? parse_teeth(*a.teeth) : Result<std::vector<int>>(fail(Errc::bad_input, ""));
        return "Remove the attachments on the " +
               (teeth ? join_teeth(*teeth) : a.teeth.value_or("?")) +
               "; keep all other existing attachments";
    }
    return "Keep all existing attachments";
}

namespace {

std::string arches_words(const std::string& arches) {
    if (arches == "upper") return "upper only";
    if (arches == "lower") return "lower only";
    return "upper and lower";
}

std::string aligner_words(const CurrentAligner& a) {
    if (a.upper && a.lower && *a.upper == *a.lower) return std::to_string(*a.upper);
    std::string s;
    if (a.upper) s += "upper " + std::to_string(*a.upper);
    if (a.lower) s += std::string(s.empty() ? "" : ", ") + "lower " + std::to_string(*a.lower);
    return s;
}

}  // namespace

std::string render_prescription(const Prescription& rx) {
    std::string out = "Submission: additional aligners under the existing case";
    if (rx.case_id) out += " " + *rx.case_id;
    out += "\n";
    if (!rx.arches_defaulted) out += "Arches to treat: " + arches_words(rx.arches_to_treat) + "\n";
    if (rx.current_aligner) out += "Aligner worn now: " + aligner_words(*rx.current_aligner) + "\n";
    out += "Attachments: " + attachments_text(rx.attachments) + ".\n";
    if (rx.attachments.decision != "keep-all" && rx.attachments.reason) {
        out += "Reason for removal: " + *rx.attachments.reason + "\n";
    }
    if (!rx.instructions.empty()) out += "Instructions:\n";
    RxCheck scratch;
    for (size_t i = 0; i < rx.instructions.size(); ++i) {
        // Checked only for its teeth: the findings are the caller's (rx check) concern.
        const CheckedInstruction ci =
            check_instruction(rx.instructions[i], {"", false}, "both", scratch);
        out += std::to_string(i + 1) + ". " + ci.sentence + "\n";
    }
    if (!rx.free_text.empty()) out += "Notes: " + rx.free_text + "\n";
    return out;
}

namespace {

json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

void add_elastic_fields(const Instruction& in, json& j, bool with_nulls) {
    if (in.movement != "elastic" && !with_nulls) return;
    for (auto [key, value] :
         {std::pair{"from", &in.from}, std::pair{"to", &in.to},
          std::pair{"class", &in.elastic_class}, std::pair{"from_cut", &in.from_cut},
          std::pair{"to_cut", &in.to_cut}}) {
        if (*value)
            j[key] = **value;
        else if (with_nulls)
            j[key] = nullptr;
    }
}

json checked_json(const CheckedInstruction& ci) {
    json j = {{"teeth", ci.source.teeth},
              {"teeth_fdi", ci.teeth_fdi},
              {"movement", ci.source.movement},
              {"text", ci.sentence}};
    j["amount"] = ci.source.amount ? json(*ci.source.amount) : json(nullptr);
    j["unit"] = optional_json(ci.source.unit);
    j["note"] = optional_json(ci.source.note);
    if (ci.source.movement == "elastic") add_elastic_fields(ci.source, j, true);
    if (!ci.origin.empty()) j["source"] = ci.origin;
    return j;
}

json aligner_json(const Prescription& rx) {
    if (!rx.current_aligner) return nullptr;
    const auto& a = *rx.current_aligner;
    return {{"upper", a.upper ? json(*a.upper) : json(nullptr)},
            {"lower", a.lower ? json(*a.lower) : json(nullptr)}};
}

}  // namespace

json to_json(const RxCheck& check, const Prescription& rx) {
    json list = json::array();
    for (const auto& ci : check.instructions) list.push_back(checked_json(ci));
    json understood = json::array();
    for (const auto& ci : check.understood) understood.push_back(checked_json(ci));
    const auto& a = rx.attachments;
    json att = {{"decision", a.decision},
                {"text", attachments_text(a)},
                {"teeth_fdi", check.attachment_teeth_fdi},
                {"defaulted", a.defaulted},
                {"reason", optional_json(a.reason)},
                {"confirmed", a.confirmed}};
    return {{"valid", check.valid},
            {"errors", check.errors},
            {"warnings", check.warnings},
            {"arches_to_treat", rx.arches_to_treat},
            {"current_aligner", aligner_json(rx)},
            {"instructions", list},
            {"understood", understood},
            {"attachments", att}};
}

json prescription_to_json(const Prescription& rx) {
    json j;
    if (rx.case_id) j["case_id"] = *rx.case_id;
    if (!rx.arches_defaulted) j["arches_to_treat"] = rx.arches_to_treat;
    if (rx.current_aligner) j["current_aligner"] = aligner_json(rx);
    const auto& a = rx.attachments;
    json att = {{"decision", a.decision}};
    if (a.teeth) att["teeth"] = *a.teeth;
    if (a.reason) att["reason"] = *a.reason;
    if (a.decided_by) att["decided_by"] = *a.decided_by;
    if (a.decided_by_role) att["decided_by_role"] = *a.decided_by_role;
    if (a.decision != "keep-all") att["confirmed"] = a.confirmed;
    j["attachments"] = att;
    j["instructions"] = json::array();
    for (const Instruction& in : rx.instructions) {
        json ij = {{"movement", in.movement}};
        if (!in.teeth.empty() || in.movement != "elastic") ij["teeth"] = in.teeth;
        if (in.amount) ij["amount"] = *in.amount;
        if (in.unit) ij["unit"] = *in.unit;
        if (in.note) ij["note"] = *in.note;
        add_elastic_fields(in, ij, false);
        j["instructions"].push_back(ij);
    }
    if (!rx.free_text.empty()) j["free_text"] = rx.free_text;
    return j;
}

}  // namespace intake::record
