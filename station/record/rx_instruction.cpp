#include "station/record/rx_instruction.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "station/record/movement.h"
#include "station/record/teeth.h"

namespace intake::record {
namespace {

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string format_amount(double amount, AmountUnit unit) {
    return number_text(amount) + (unit == AmountUnit::deg ? "\xC2\xB0" : " mm");
}

// Appends a finding that names the tooth, contact or elastic first. From the list it points at
// the JSON field; from free text it quotes the words.
void report(RxCheck& out, const std::string& who, const InstructionOrigin& o,
            std::string_view field, const std::string& problem) {
    const std::string lead = who.empty() ? "" : who + ": ";
    if (o.from_text)
        out.errors.push_back(lead + problem + " (free text '" + o.path + "')");
    else
        out.errors.push_back(lead + o.path + "." + std::string(field) + ": " + problem);
}

void check_amount(const Instruction& in, const MovementSpec& spec, const std::string& who,
                  const InstructionOrigin& o, RxCheck& out) {
    if (spec.unit == AmountUnit::none) {
        if (in.amount || in.unit) report(out, who, o, "amount", in.movement + " takes no amount");
        return;
    }
    if (!in.amount) {
        if (in.unit) report(out, who, o, "unit", "given without an amount");
        if (spec.amount_required) {
            report(out, who, o, "amount",
                   std::string(spec.noun) + " needs an amount in mm (0 < amount <= " +
                       number_text(spec.max_amount) + " mm)");
        } else if (in.movement == "extrude" || in.movement == "intrude") {
            const std::string lead = who.empty() ? "" : who + ": ";
            out.warnings.push_back(lead + (o.from_text ? "free text '" + o.path + "'" : o.path) +
                                   ": no amount for " + in.movement + "; the lab will choose one");
        }
        return;
    }
    const auto unit = in.unit ? parse_unit(*in.unit) : std::optional<AmountUnit>{};
    const std::string want(unit_name(spec.unit));
    if (!unit || *unit != spec.unit) {
        report(out, who, o, "unit", in.movement + " is measured in " + want);
        return;
    }
    const double a = *in.amount;
    if (a > 0 && a <= spec.max_amount) return;
    const std::string amount = number_text(a) + " " + want + " " + std::string(spec.noun);
    const std::string story =
        a > 0 ? amount + " is over the " + number_text(spec.max_amount) + " " + want + " limit"
              : amount + " is not a movement: the amount must be over 0";
    const std::string lead = who.empty() ? "" : who + ": ";
    if (o.from_text) {
        out.errors.push_back(lead + story + " (free text '" + o.path + "')");
    } else {
        out.errors.push_back(lead + story + " (" + o.path + ".amount: " + number_text(a) + " " +
                             want + " is outside 0 < amount <= " + number_text(spec.max_amount) +
                             " " + want + ")");
    }
}

void check_contacts(const Instruction& in, const MovementSpec& spec, const InstructionOrigin& o,
                    CheckedInstruction& ci, RxCheck& out) {
    auto contacts = parse_contacts(in.teeth);
    if (!contacts) return report(out, "", o, "teeth", contacts.error().message);
    for (const Contact& c : *contacts) {
        const std::string who = "contact " + c.name();
        if (!are_adjacent(c.a, c.b)) {
            report(out, who, o, "teeth",
                   std::to_string(c.a) + " and " + std::to_string(c.b) +
                       " are not adjacent teeth of one arch (IPR is between neighbours, "
                       "e.g. 33/34 or 11/21)");
        }
        check_amount(in, spec, who, o, out);
        for (int t : {c.a, c.b}) ci.teeth_fdi.push_back(t);
    }
}

std::optional<int> single_tooth(const std::optional<std::string>& text, std::string_view field,
                                const InstructionOrigin& o, RxCheck& out) {
    if (!text || text->empty()) {
        report(out, "elastic", o, field, "an elastic needs both teeth, from and to");
        return std::nullopt;
    }
    auto t = parse_teeth(*text);
    if (!t) {
        report(out, "elastic", o, field, t.error().message);
        return std::nullopt;
    }
    if (t->size() != 1) {
        report(out, "elastic", o, field, "'" + *text + "': an elastic runs from one tooth");
        return std::nullopt;
    }
    return t->front();
}

// Class I stays in one arch; class II runs from an upper tooth forward of a lower one (upper
// canine to lower first molar); class III from a lower tooth forward of an upper one. All run
// on one side of the mouth.
std::string elastic_problem(int from, int to, const std::string& cls) {
    const auto side = [](int t) { return std::string(is_right_fdi(t) ? "right" : "left"); };
    const auto arch = [](int t) { return std::string(is_upper_fdi(t) ? "upper" : "lower"); };
    const std::string a = std::to_string(from), b = std::to_string(to);
    if (from == to) return "an elastic needs two different teeth";
    if (is_right_fdi(from) != is_right_fdi(to))
        return "class " + cls + " elastics run on one side; " + a + " is on the " + side(from) +
               ", " + b + " on the " + side(to);
    if (cls == "I")
        return is_upper_fdi(from) == is_upper_fdi(to)
                   ? ""
                   : "class I elastics stay in one arch; " + a + " is " + arch(from) + ", " + b +
                         " " + arch(to);
    if (is_upper_fdi(from) == is_upper_fdi(to))
        return "class " + cls + " elastics run between the arches; " + a + " and " + b +
               " are both " + arch(from);
    const int upper = is_upper_fdi(from) ? from : to;
    const int lower = upper == from ? to : from;
    const int pu = arch_position(upper), pl = arch_position(lower);
    if (pu == pl)
        return std::to_string(upper) + " and " + std::to_string(lower) +
               " face each other: that is a vertical elastic, not class " + cls;
    const std::string actual = pu < pl ? "II" : "III";
    if (actual == cls) return "";
    return "an elastic from the " + std::string(pu < pl ? "upper " : "lower ") +
           std::to_string(pu < pl ? upper : lower) + " forward to the " +
           (pu < pl ? "lower " : "upper ") + std::to_string(pu < pl ? lower : upper) +
           " is class " + actual + ", not class " + cls;
}

void check_elastic(const Instruction& in, const InstructionOrigin& o, CheckedInstruction& ci,
                   RxCheck& out) {
    const auto from = single_tooth(in.from, "from", o, out);
    const auto to = single_tooth(in.to, "to", o, out);
    const std::string cls = in.elastic_class.value_or("");
    if (cls != "I" && cls != "II" && cls != "III")
        report(out, "elastic", o, "class",
               (cls.empty() ? std::string("missing") : "'" + cls + "'") +
                   ": the class is I, II or III");
    for (const auto& [field, cut] : {std::pair{"from_cut", &in.from_cut}, {"to_cut", &in.to_cut}}) {
        if (*cut && **cut != "hook" && **cut != "button-cutout")
            report(out, "elastic", o, field, "'" + **cut + "' is not hook or button-cutout");
    }
    if (!from || !to) return;
    ci.teeth_fdi = {*from, *to};
    const std::string who = "elastic " + std::to_string(*from) + "-" + std::to_string(*to);
    if (in.amount || in.unit) report(out, who, o, "amount", "an elastic takes no amount");
    if (cls == "I" || cls == "II" || cls == "III") {
        const std::string problem = elastic_problem(*from, *to, cls);
        if (!problem.empty()) report(out, who, o, "class", problem);
    }
}

void check_feature(const Instruction& in, const std::vector<int>& fdi, const InstructionOrigin& o,
                   RxCheck& out) {
    if (in.movement != "bite-ramp") return;
    for (int t : fdi) {
        if (!is_upper_fdi(t) || arch_position(t) > 3)
            report(out, "tooth " + std::to_string(t), o, "teeth",
                   "bite ramps go on the upper incisors and canines (13-23)");
    }
}

void check_not_elastic_fields(const Instruction& in, const std::string& who,
                              const InstructionOrigin& o, RxCheck& out) {
    if (in.from || in.to || in.elastic_class || in.from_cut || in.to_cut)
        report(out, who, o, "movement",
               "from, to, class and the cuts belong to elastics, not to " + in.movement);
}

void check_arches(const std::vector<int>& fdi, std::string_view arches, const InstructionOrigin& o,
                  RxCheck& out) {
    if (arches == "both") return;
    std::vector<int> untreated;
    for (int t : fdi) {
        if (is_upper_fdi(t) != (arches == "upper")) untreated.push_back(t);
    }
    if (untreated.empty()) return;
    report(out, teeth_label(untreated), o, "teeth",
           std::string("the ") + (arches == "upper" ? "lower" : "upper") +
               " arch is not being treated (arches_to_treat: " + std::string(arches) + ")");
}

}  // namespace

std::string teeth_label(const std::vector<int>& fdi) {
    if (fdi.empty()) return "";
    return (fdi.size() == 1 ? "tooth " : "teeth ") + join_teeth(fdi);
}

CheckedInstruction check_instruction(const Instruction& in, const InstructionOrigin& origin,
                                     std::string_view arches_to_treat, RxCheck& out) {
    CheckedInstruction ci{in, {}, "", origin.from_text ? origin.path : ""};
    const MovementSpec* spec = find_movement(in.movement);
    const MovementKind kind = spec ? spec->kind : MovementKind::movement;
    if (kind == MovementKind::contact) {
        check_contacts(in, *spec, origin, ci, out);
    } else if (kind == MovementKind::elastic) {
        check_elastic(in, origin, ci, out);
    } else {
        auto teeth = parse_teeth(in.teeth);
        if (teeth)
            ci.teeth_fdi = *teeth;
        else
            report(out, "", origin, "teeth", teeth.error().message);
        const std::string who = teeth_label(ci.teeth_fdi);
        if (spec == nullptr) {
            report(out, who, origin, "movement", "'" + in.movement + "' is not a known movement");
        } else {
            check_amount(in, *spec, who, origin, out);
            check_feature(in, ci.teeth_fdi, origin, out);
        }
        check_not_elastic_fields(in, who, origin, out);
    }
    check_arches(ci.teeth_fdi, arches_to_treat, origin, out);
    ci.sentence = instruction_sentence(in, ci.teeth_fdi);
    return ci;
}

void check_across_instructions(const std::vector<const CheckedInstruction*>& all, RxCheck& out) {
    std::map<int, std::vector<std::string>> by_tooth;
    for (const CheckedInstruction* ci : all) {
        for (int t : ci->teeth_fdi) {
            auto& moves = by_tooth[t];
            if (std::find(moves.begin(), moves.end(), ci->source.movement) == moves.end())
                moves.push_back(ci->source.movement);
        }
    }
    for (const auto& [tooth, moves] : by_tooth) {
        const bool pontic = std::find(moves.begin(), moves.end(), "pontic") != moves.end();
        for (const std::string& m : moves) {
            const MovementSpec* spec = find_movement(m);
            if (pontic && m != "pontic") {
                const std::string what = spec && !spec->noun.empty() ? std::string(spec->noun) : m;
                out.errors.push_back("tooth " + std::to_string(tooth) +
                                     ": a pontic stands in for a missing tooth; it cannot also "
                                     "have " +
                                     (what == "IPR" || what == "elastic" ? "an " : "") + what);
            }
            if (spec == nullptr || spec->opposite.empty() || m > std::string(spec->opposite))
                continue;
            if (std::find(moves.begin(), moves.end(), spec->opposite) != moves.end())
                out.errors.push_back("instructions: tooth " + std::to_string(tooth) +
                                     " is asked to " + m + " and to " +
                                     std::string(spec->opposite));
        }
    }
}

namespace {

// The teeth as the clinician wrote them, except plain number lists become "11 and 21".
std::string teeth_words(const Instruction& in, const std::vector<int>& fdi) {
    const bool numeric = in.teeth.find_first_not_of("0123456789, ") == std::string::npos;
    return numeric && !fdi.empty() ? join_teeth(fdi) : in.teeth;
}

std::string ipr_words(const Instruction& in, const std::vector<int>& fdi) {
    const std::string amount = in.amount ? format_amount(*in.amount, AmountUnit::mm) + " " : "";
    if (fdi.empty()) return "IPR " + amount + "at " + in.teeth;
    std::string s = "IPR " + amount + "between ";
    for (size_t i = 0; i + 1 < fdi.size(); i += 2) {
        if (i > 0) s += ", and between ";
        s += std::to_string(fdi[i]) + " and " + std::to_string(fdi[i + 1]);
    }
    return s;
}

std::string cut_words(const std::optional<std::string>& cut) {
    return cut.value_or("hook") == "button-cutout" ? "a button cut-out" : "a precision-cut hook";
}

std::string elastic_words(const Instruction& in, const std::vector<int>& fdi) {
    std::string s = "Class " + in.elastic_class.value_or("?") + " elastic";
    if (fdi.size() != 2) return s + " from " + in.from.value_or("?") + " to " + in.to.value_or("?");
    if (is_right_fdi(fdi[0]) == is_right_fdi(fdi[1]))
        s += is_right_fdi(fdi[0]) ? " on the right" : " on the left";
    return s + ": " + cut_words(in.from_cut) + " on the " + std::to_string(fdi[0]) + " and " +
           cut_words(in.to_cut) + " on the " + std::to_string(fdi[1]);
}

std::string movement_words(const Instruction& in, const std::vector<int>& fdi,
                           const MovementSpec* spec) {
    if (spec == nullptr) return "Please " + in.movement + " the " + in.teeth;
    std::string body(spec->verb);
    body.replace(body.find("{teeth}"), 7, teeth_words(in, fdi));
    if (!spec->direction.empty()) body += " " + std::string(spec->direction);
    if (in.amount && spec->unit != AmountUnit::none)
        body += " another " + format_amount(*in.amount, spec->unit);
    return "Please " + body;
}

}  // namespace

std::string instruction_sentence(const Instruction& in, const std::vector<int>& fdi) {
    const MovementSpec* spec = find_movement(in.movement);
    const MovementKind kind = spec ? spec->kind : MovementKind::movement;
    std::string body = kind == MovementKind::contact   ? ipr_words(in, fdi)
                       : kind == MovementKind::elastic ? elastic_words(in, fdi)
                                                       : movement_words(in, fdi, spec);
    std::string note = in.note.value_or("");
    while (!note.empty() && (note.back() == '.' || note.back() == ' ')) note.pop_back();
    if (!note.empty()) body += (kind == MovementKind::elastic ? ", " : " ") + note;
    return body + ".";
}

}  // namespace intake::record
