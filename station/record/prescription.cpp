#include "station/record/prescription.h"

#include <cstdio>
#include <map>

#include "base/file_io.h"
#include "station/record/json_fields.h"
#include "station/record/movement.h"
#include "station/record/rx_text_scan.h"
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
    INTAKE_TRY(r->only({"teeth", "movement", "amount", "unit", "note"}));
    Instruction in;
    auto teeth = teeth_text(*r);
    if (!teeth) return fail(teeth.error());
    in.teeth = *teeth;
    auto movement = r->string("movement");
    if (!movement) return fail(movement.error());
    in.movement = *movement;
    auto amount = r->optional_number("amount");
    if (!amount) return fail(amount.error());
    in.amount = *amount;
    auto unit = r->optional_string("unit");
    if (!unit) return fail(unit.error());
    in.unit = *unit;
    auto note = r->optional_string("note");
    if (!note) return fail(note.error());
    in.note = *note;
    return in;
}

}  // namespace

Result<Prescription> parse_prescription_json(std::string_view text, std::string_view source_name) {
    auto doc = parse_json_document(text, source_name);
    if (!doc) return fail(doc.error());
    auto r = FieldReader::open(*doc, std::string(source_name), "");
    if (!r) return fail(r.error());
    INTAKE_TRY(r->only({"case_id", "attachments", "instructions", "free_text"}));
    Prescription rx;
    auto case_id = r->optional_string("case_id");
    if (!case_id) return fail(case_id.error());
    rx.case_id = *case_id;
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

std::string format_amount(double amount, AmountUnit unit) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", amount);
    return std::string(buf) + (unit == AmountUnit::deg ? "\xC2\xB0" : " mm");
}

// The teeth as the clinician wrote them, except plain number lists become "11 and 21".
std::string teeth_words(const Instruction& in, const std::vector<int>& fdi) {
    const bool numeric = in.teeth.find_first_not_of("0123456789, ") == std::string::npos;
    return numeric && !fdi.empty() ? join_teeth(fdi) : in.teeth;
}

std::string sentence_for(const Instruction& in, const std::vector<int>& fdi) {
    const MovementSpec* spec = find_movement(in.movement);
    std::string body;
    if (spec == nullptr) {
        body = in.movement + " the " + in.teeth;
    } else {
        body = std::string(spec->verb);
        body.replace(body.find("{teeth}"), 7, teeth_words(in, fdi));
        if (!spec->direction.empty()) body += " " + std::string(spec->direction);
        if (in.amount && spec->unit != AmountUnit::none) {
            body += " another " + format_amount(*in.amount, spec->unit);
        }
    }
    std::string note = in.note.value_or("");
    while (!note.empty() && (note.back() == '.' || note.back() == ' ')) note.pop_back();
    if (!note.empty()) body += " " + note;
    return "Please " + body + ".";
}

void check_amount(const Instruction& in, const MovementSpec& spec, const std::string& where,
                  RxCheck& out) {
    if (spec.unit == AmountUnit::none) {
        if (in.amount || in.unit)
            out.errors.push_back(where + ".amount: " + in.movement + " takes no amount");
        return;
    }
    if (!in.amount) {
        if (in.unit) out.errors.push_back(where + ".unit: given without an amount");
        if (in.movement == "extrude" || in.movement == "intrude") {
            out.warnings.push_back(where + ": no amount for " + in.movement +
                                   "; the lab will choose one");
        }
        return;
    }
    const auto unit = in.unit ? parse_unit(*in.unit) : std::optional<AmountUnit>{};
    const std::string want(unit_name(spec.unit));
    if (!unit || *unit != spec.unit) {
        out.errors.push_back(where + ".unit: " + in.movement + " is measured in " + want);
        return;
    }
    if (*in.amount <= 0 || *in.amount > spec.max_amount) {
        char buf[128];
        std::snprintf(buf, sizeof buf, ".amount: %g %s is outside 0 < amount <= %g %s", *in.amount,
                      want.c_str(), spec.max_amount, want.c_str());
        out.errors.push_back(where + buf);
    }
}

void check_contradictions(RxCheck& out) {
    std::map<int, std::vector<std::string>> by_tooth;
    for (const auto& ci : out.instructions) {
        for (int t : ci.teeth_fdi) by_tooth[t].push_back(ci.source.movement);
    }
    for (const auto& [tooth, moves] : by_tooth) {
        for (const std::string& m : moves) {
            const MovementSpec* spec = find_movement(m);
            if (spec == nullptr || spec->opposite.empty() || m > std::string(spec->opposite))
                continue;
            for (const std::string& other : moves) {
                if (other == spec->opposite) {
                    out.errors.push_back("instructions: tooth " + std::to_string(tooth) +
                                         " is asked to " + m + " and to " + other);
                    break;
                }
            }
        }
    }
}

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

RxCheck check_prescription(const Prescription& rx) {
    RxCheck out;
    check_attachments(rx.attachments, out);
    for (size_t i = 0; i < rx.instructions.size(); ++i) {
        const Instruction& in = rx.instructions[i];
        const std::string where = "instructions[" + std::to_string(i) + "]";
        CheckedInstruction ci{in, {}, ""};
        auto teeth = parse_teeth(in.teeth);
        if (teeth)
            ci.teeth_fdi = *teeth;
        else
            out.errors.push_back(where + ".teeth: " + teeth.error().message);
        const MovementSpec* spec = find_movement(in.movement);
        if (spec == nullptr)
            out.errors.push_back(where + ".movement: '" + in.movement +
                                 "' is not a known movement");
        else
            check_amount(in, *spec, where, out);
        ci.sentence = sentence_for(in, ci.teeth_fdi);
        out.instructions.push_back(std::move(ci));
    }
    check_contradictions(out);
    if (rx.instructions.empty() && rx.free_text.empty()) {
        out.errors.push_back("instructions: a refinement needs written instructions for the lab");
    }
    for (const TextFinding& f : scan_free_text(rx.free_text)) out.warnings.push_back(f.message);
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

std::string render_prescription(const Prescription& rx) {
    std::string out = "Submission: additional aligners under the existing case";
    if (rx.case_id) out += " " + *rx.case_id;
    out += "\nAttachments: " + attachments_text(rx.attachments) + ".\n";
    if (rx.attachments.decision != "keep-all" && rx.attachments.reason) {
        out += "Reason for removal: " + *rx.attachments.reason + "\n";
    }
    if (!rx.instructions.empty()) out += "Instructions:\n";
    for (size_t i = 0; i < rx.instructions.size(); ++i) {
        const Instruction& in = rx.instructions[i];
        auto teeth = parse_teeth(in.teeth);
        out += std::to_string(i + 1) + ". " +
               sentence_for(in, teeth ? *teeth : std::vector<int>{}) + "\n";
    }
    if (!rx.free_text.empty()) out += "Notes: " + rx.free_text + "\n";
    return out;
}

json to_json(const RxCheck& check, const Prescription& rx) {
    json list = json::array();
    for (const auto& ci : check.instructions) {
        json j = {{"teeth", ci.source.teeth},
                  {"teeth_fdi", ci.teeth_fdi},
                  {"movement", ci.source.movement},
                  {"text", ci.sentence}};
        j["amount"] = ci.source.amount ? json(*ci.source.amount) : json(nullptr);
        j["unit"] = ci.source.unit ? json(*ci.source.unit) : json(nullptr);
        j["note"] = ci.source.note ? json(*ci.source.note) : json(nullptr);
        list.push_back(j);
    }
    const auto& a = rx.attachments;
    json att = {{"decision", a.decision},
                {"text", attachments_text(a)},
                {"teeth_fdi", check.attachment_teeth_fdi},
                {"defaulted", a.defaulted},
                {"reason", a.reason ? json(*a.reason) : json(nullptr)},
                {"confirmed", a.confirmed}};
    return {{"valid", check.valid},
            {"errors", check.errors},
            {"warnings", check.warnings},
            {"instructions", list},
            {"attachments", att}};
}

json prescription_to_json(const Prescription& rx) {
    json j;
    if (rx.case_id) j["case_id"] = *rx.case_id;
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
        json ij = {{"teeth", in.teeth}, {"movement", in.movement}};
        if (in.amount) ij["amount"] = *in.amount;
        if (in.unit) ij["unit"] = *in.unit;
        if (in.note) ij["note"] = *in.note;
        j["instructions"].push_back(ij);
    }
    if (!rx.free_text.empty()) j["free_text"] = rx.free_text;
    return j;
}

}  // namespace intake::record
