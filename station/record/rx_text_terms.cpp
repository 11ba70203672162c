#include "station/record/rx_text_terms.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "station/record/movement.h"
#include "station/record/teeth.h"

namespace intake::record {
namespace {

using std::regex;

struct Term {
    regex pattern;
    Family family;
};

const std::vector<Term>& terms() {
    static const std::vector<Term> list = {
        {regex(R"(\bextru(de|ded|des|ding|sion)\b)"), Family::extrude},
        {regex(R"(\bintru(de|ded|des|ding|sion)\b)"), Family::intrude},
        {regex(R"(\b(de)?rotat(e|ed|es|ing|ion)\b)"), Family::rotate},
        {regex(R"(\btip(ped|ping|s)?\b)"), Family::tip},
        {regex(R"(\btorque\b)"), Family::torque},
        {regex(R"(\bmov(e|ed|es|ing)\b)"), Family::move},
        {regex(R"(\bdistali[sz](e|ed|ing|ation)\b)"), Family::distalize},
        {regex(R"(\bmesiali[sz](e|ed|ing|ation)\b)"), Family::mesialize},
        {regex(R"(\bclose (the |any |remaining )?(spaces?|gaps?|diastema)\b|\bspace closure\b)"),
         Family::close_space},
        {regex(R"(\balign (the )?facial( surfaces?|s)\b)"), Family::align_facial},
        {regex(R"(\blevel (the )?marginal ridges?\b)"), Family::level_ridges},
        {regex(R"(\b(improve|settle) (the )?(occlusion|bite|intercuspation)\b)"),
         Family::improve_occlusion},
        {regex(R"(\bipr\b|\binterproximal reduction\b|\bstrip(ping)?\b)"), Family::ipr},
        {regex(R"(\bpontics?\b)"), Family::pontic},
        {regex(R"(\bbite (ramps?|turbos?)\b)"), Family::bite_ramp},
        {regex(R"(\belastics?\b|\brubber bands?\b)"), Family::elastic},
    };
    return list;
}

// "don't", "no IPR", "was extruded", "already done": not a request for this refinement.
// "no more than 0.5 mm" is a limit, not a negation.
bool negated(const std::string& low) {
    static const regex limit(R"(\b(no|not) (more|less) than\b|\bnot exceeding\b)");
    static const regex negation(
        "\\b(no|not|don't|don\xE2\x80\x99t|do not|never|avoid|without|already|previously|"
        "previous|last time|was|were|has been|have been|done|completed)\\b");
    return std::regex_search(std::regex_replace(low, limit, " "), negation);
}

struct Found {
    size_t pos = 0;
    std::string text;  // a tooth expression parse_teeth or parse_contacts reads
    bool contact = false;
    bool single = false;  // one plain FDI-like number
};

struct Amount {
    size_t pos = 0;
    double value = 0;
    std::string unit;  // "mm", "deg" or "" when the clause gave none
};

// Takes every match of `re` out of `work` (blanked, so offsets stay) and hands it to `take`.
template <class F>
void take_all(std::string& work, const regex& re, F take) {
    std::vector<std::pair<size_t, std::smatch>> found;
    for (std::sregex_iterator it(work.begin(), work.end(), re), e; it != e; ++it)
        found.push_back({static_cast<size_t>(it->position()), *it});
    for (auto& [pos, m] : found) {
        take(pos, m);
        std::fill(work.begin() + static_cast<std::ptrdiff_t>(pos),
                  work.begin() + static_cast<std::ptrdiff_t>(pos + m.length()), ' ');
    }
}

double number_of(std::string s) {
    std::replace(s.begin(), s.end(), ',', '.');
    return std::stod(s);
}

struct Extracted {
    std::vector<Found> teeth;
    std::vector<Amount> amounts;
};

void take_amounts(std::string& work, Extracted& x) {
    static const regex with_unit(
        "(\\d+(?:[.,]\\d+)?|\\.\\d+)\\s*(mm\\b|millimet(?:er|re)s?\\b|\xC2\xB0|\xC2\xBA|"
        "deg(?:ree)?s?\\b)");
    static const regex quantity(
        R"((\d+(?:\.\d+)?)\s*(\+|%|hours?\b|hrs?\b|h\b|days?\b|weeks?\b|months?\b|years?\b|steps?\b|aligners?\b|x\b|times\b))");
    static const regex aligner_no(R"(\baligners?\s*(no\.?|number|#)?\s*\d+)");
    static const regex decimal(R"(\d*\.\d+)");
    take_all(work, with_unit, [&](size_t p, const std::smatch& m) {
        const std::string u = m[2];
        x.amounts.push_back({p, number_of(m[1]), u.rfind("m", 0) == 0 ? "mm" : "deg"});
    });
    take_all(work, quantity, [](size_t, const std::smatch&) {});
    take_all(work, aligner_no, [](size_t, const std::smatch&) {});
    take_all(work, decimal, [&](size_t p, const std::smatch& m) {
        x.amounts.push_back({p, number_of(m[0]), ""});
    });
}

// "upper incisors", "lower canines": the group of teeth in that arch, as parse_teeth reads it.
std::string group_teeth(bool upper, const std::string& group) {
    const std::string arch = upper ? "upper " : "lower ";
    const std::string right = upper ? "1" : "4";
    const std::string left = upper ? "2" : "3";
    if (group == "incisors") return arch + "2-2";
    if (group == "anteriors") return arch + "3-3";
    const char tooth = group.rfind("c", 0) == 0 ? (group[1] == 'e' ? '1' : '3') : '2';
    return right + tooth + ", " + left + tooth;
}

void take_teeth(std::string& work, const std::string& written, bool elastic, Extracted& x) {
    static const regex arch_range(
        R"(\b(upper|lower|maxillary|mandibular|u|l)\s*([1-8a-e])\s*-\s*([1-8a-e])\b)");
    static const regex words(R"(\b(upper|lower)\s+(right|left)\s+([1-8a-e])\b)");
    static const regex palmer(R"(\b(ur|ul|lr|ll)\s?([1-8a-e])\b)");
    static const regex universal(R"(#\s?\d{1,2}\b)");
    static const regex slash(R"(\b(\d{2})\s*/\s*(\d{2})\b)");
    static const regex between(
        R"(\bbetween\s+(?:the\s+)?(\d{2})\s+(?:and|&)\s+(?:the\s+)?(\d{2})\b)");
    static const regex range(R"(\b(\d{2})\s*(?:-|to|through|thru)\s*(\d{2})\b)");
    static const regex by_amount(R"(\b(?:by|another|additional|further)\s+(\d{1,2})\b)");
    static const regex plain(R"(\b(\d{2})\b)");
    static const regex group(
        R"(\b(upper|lower|maxillary|mandibular)\s+(central incisors|centrals|lateral incisors|)"
        R"(laterals|incisors|anteriors|canines|cuspids)\b)");
    const auto add = [&x](size_t pos, std::string text, bool contact, bool single) {
        x.teeth.push_back({pos, std::move(text), contact, single});
    };
    take_all(work, group, [&](size_t p, const std::smatch& m) {
        const bool upper = m[1] == "upper" || m[1] == "maxillary";
        add(p, group_teeth(upper, m[2]), false, false);
    });
    // Words keep the clinician's capitals ("LL3", "lower 3-3") for the lab's sentence.
    const auto as_written = [&written](size_t p, const std::smatch& m) {
        return written.substr(p, static_cast<size_t>(m.length(0)));
    };
    take_all(work, arch_range,
             [&](size_t p, const std::smatch& m) { add(p, as_written(p, m), false, false); });
    for (const regex* re : {&words, &palmer, &universal}) {
        take_all(work, *re,
                 [&](size_t p, const std::smatch& m) { add(p, as_written(p, m), false, true); });
    }
    if (!elastic) {
        for (const regex* re : {&slash, &between}) {
            take_all(work, *re, [&](size_t p, const std::smatch& m) {
                add(p, m[1].str() + "/" + m[2].str(), true, false);
            });
        }
        take_all(work, range, [&](size_t p, const std::smatch& m) {
            add(p, m[1].str() + "-" + m[2].str(), false, false);
        });
    }
    take_all(work, by_amount, [&](size_t p, const std::smatch& m) {
        x.amounts.push_back({p, number_of(m[1]), ""});
    });
    take_all(work, plain, [&](size_t p, const std::smatch& m) { add(p, m[1], false, true); });
    std::sort(x.teeth.begin(), x.teeth.end(),
              [](const Found& a, const Found& b) { return a.pos < b.pos; });
}

}  // namespace

std::vector<KeywordHit> find_keywords(const std::string& low) {
    std::vector<KeywordHit> hits;
    for (const Term& t : terms()) {
        for (std::sregex_iterator it(low.begin(), low.end(), t.pattern), e; it != e; ++it) {
            const auto start = static_cast<size_t>(it->position());
            hits.push_back({start, start + static_cast<size_t>(it->length()), t.family});
        }
    }
    std::sort(hits.begin(), hits.end(),
              [](const KeywordHit& a, const KeywordHit& b) { return a.start < b.start; });
    std::vector<KeywordHit> out;
    for (const KeywordHit& h : hits) {
        if (out.empty() || h.start >= out.back().end) out.push_back(h);
    }
    return out;
}

bool is_quantity(const std::string& rest) {
    static const regex unit(
        "^\\s*(\\+|%|mm\\b|\xC2\xB0|\xC2\xBA|deg|degrees?\\b|hours?\\b|hrs?\\b|h\\b|days?\\b|"
        "weeks?\\b|months?\\b|years?\\b|steps?\\b|aligners?\\b|x\\b|times\\b)");
    return std::regex_search(rest, unit);
}

namespace {

bool has(const std::string& low, const char* pattern) {
    return std::regex_search(low, regex(pattern));
}

// The one direction a clause names among `options` ({movement id, word pattern}), or "" when
// it names none or several.
std::string one_of(const std::string& low,
                   std::initializer_list<std::pair<const char*, const char*>> options) {
    std::string found;
    for (const auto& [id, pattern] : options) {
        if (!has(low, pattern)) continue;
        if (!found.empty() && found != id) return "";
        found = id;
    }
    return found;
}

constexpr const char* kMesial = R"(\bmesial(ly)?\b|\bmesio)";
constexpr const char* kDistal = R"(\bdistal(ly)?\b|\bdisto)";

// The movement id for the clause's movement word and direction words; "" when the direction
// is missing or contradictory.
std::string movement_id(Family f, const std::string& low) {
    switch (f) {
        case Family::extrude:
            return "extrude";
        case Family::intrude:
            return "intrude";
        case Family::rotate:
            return one_of(low, {{"rotate-mesial", kMesial}, {"rotate-distal", kDistal}});
        case Family::tip:
            return one_of(low, {{"tip-mesial", kMesial}, {"tip-distal", kDistal}});
        case Family::torque:
            return one_of(low, {{"torque-buccal-root",
                                 R"(\b(buccal|labial|facial) root|\b(lingual|palatal) crown)"},
                                {"torque-lingual-root",
                                 R"(\b(lingual|palatal) root|\b(buccal|labial|facial) crown)"}});
        case Family::move:
            return one_of(low, {{"move-buccal", R"(\b(buccal|labial|facial)(ly)?\b)"},
                                {"move-lingual", R"(\b(lingual|palatal)(ly)?\b)"},
                                {"move-mesial", kMesial},
                                {"move-distal", kDistal}});
        case Family::distalize:
            return "move-distal";
        case Family::mesialize:
            return "move-mesial";
        case Family::close_space:
            return "close-space";
        case Family::align_facial:
            return "align-facial-surfaces";
        case Family::level_ridges:
            return "level-marginal-ridges";
        case Family::improve_occlusion:
            return "improve-occlusion";
        case Family::ipr:
            return "ipr";
        case Family::pontic:
            return "pontic";
        case Family::bite_ramp:
            return "bite-ramp";
        case Family::elastic:
            return "elastic";
    }
    return "";
}

std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : ", ") + p;
    return s;
}

// IPR names contacts: "33/34", "between 33 and 34", "33-34", or just the two teeth.
std::optional<std::string> ipr_contacts(const Extracted& x) {
    std::vector<std::string> contacts, singles;
    for (const Found& f : x.teeth) {
        if (f.contact || (!f.single && f.text.find('-') != std::string::npos &&
                          std::isdigit(static_cast<unsigned char>(f.text[0]))))
            contacts.push_back(f.text);
        else if (f.single)
            singles.push_back(f.text);
    }
    if (contacts.empty() && singles.size() == 2) contacts.push_back(singles[0] + "/" + singles[1]);
    if (contacts.empty()) return std::nullopt;
    return join(contacts);
}

// Elastics pair their teeth in order: "13 to 46" is one, "13-46 and 23-36" two.
ClauseReading read_elastic(const Clause& c, const Extracted& x, Instruction in) {
    std::vector<std::string> singles;
    for (const Found& f : x.teeth) {
        if (std::find(singles.begin(), singles.end(), f.text) == singles.end())
            singles.push_back(f.text);
    }
    if (singles.empty() || singles.size() % 2 != 0)
        return {{}, "an elastic runs between two teeth"};
    std::smatch m;
    static const regex cls(R"(\bclass\s*(iii|ii|i|3|2|1)\b)");
    if (!std::regex_search(c.low, m, cls)) return {{}, "no elastic class (I, II or III) given"};
    const std::string k = m[1];
    in.elastic_class = k == "1" || k == "i" ? "I" : k == "2" || k == "ii" ? "II" : "III";
    static const regex button(R"(\bbuttons?\b[^.\d]{0,40}(\d{2})\b)");
    std::vector<std::string> buttons;
    for (std::sregex_iterator it(c.low.begin(), c.low.end(), button), e; it != e; ++it)
        buttons.push_back((*it)[1]);
    const auto cut = [&buttons](const std::string& tooth) -> std::optional<std::string> {
        if (std::find(buttons.begin(), buttons.end(), tooth) == buttons.end()) return std::nullopt;
        return "button-cutout";
    };
    ClauseReading out;
    for (size_t i = 0; i + 1 < singles.size(); i += 2) {
        in.from = singles[i];
        in.to = singles[i + 1];
        in.from_cut = cut(singles[i]);
        in.to_cut = cut(singles[i + 1]);
        out.instructions.push_back(in);
    }
    return out;
}

// Several different amounts pair with the teeth in order when each tooth comes before its
// amount: "extrude 24 0.5 mm and 25 0.3 mm". Anything else is too unclear to read.
bool pair_amounts(const Extracted& x, std::vector<std::pair<Found, Amount>>& pairs) {
    if (x.teeth.size() != x.amounts.size()) return false;
    for (size_t i = 0; i < x.teeth.size(); ++i) {
        const size_t next = i + 1 < x.teeth.size() ? x.teeth[i + 1].pos : std::string::npos;
        if (x.amounts[i].pos < x.teeth[i].pos || x.amounts[i].pos > next) return false;
        pairs.push_back({x.teeth[i], x.amounts[i]});
    }
    return true;
}

std::optional<std::string> teeth_of(Family family, const std::vector<Found>& teeth) {
    Extracted only;
    only.teeth = teeth;
    if (family == Family::ipr) return ipr_contacts(only);
    std::vector<std::string> parts;
    // A contact outside IPR names its two teeth: "close the space between 11 and 21".
    for (const Found& f : teeth) {
        std::string t = f.text;
        if (f.contact) t.replace(t.find('/'), 1, ", ");
        parts.push_back(t);
    }
    if (parts.empty()) return std::nullopt;
    return join(parts);
}

void set_amount(Instruction& in, const Amount& a) {
    const MovementSpec* spec = find_movement(in.movement);
    in.amount = a.value;
    in.unit = !a.unit.empty() ? a.unit : spec->unit == AmountUnit::deg ? "deg" : "mm";
}

}  // namespace

ClauseReading read_clause(const Clause& c) {
    if (!c.family) return {};
    if (negated(c.low)) return {{}, "read as a negation or as work already done"};
    Instruction in;
    in.movement = movement_id(*c.family, c.low);
    if (in.movement.empty()) return {{}, "the direction is missing or unclear"};
    Extracted x;
    std::string work = c.low;
    take_amounts(work, x);
    take_teeth(work, c.text, *c.family == Family::elastic, x);
    std::sort(x.amounts.begin(), x.amounts.end(),
              [](const Amount& a, const Amount& b) { return a.pos < b.pos; });
    if (*c.family == Family::elastic) return read_elastic(c, x, in);
    bool several = false;
    for (const Amount& a : x.amounts) several = several || a.value != x.amounts[0].value;
    std::vector<std::pair<Found, Amount>> pairs;
    if (several && !pair_amounts(x, pairs))
        return {{}, "several amounts for one movement; write one per line"};
    const std::string no_teeth =
        *c.family == Family::ipr ? "IPR needs the contact, e.g. 33/34" : "no teeth named";
    ClauseReading out;
    if (several) {
        for (const auto& [tooth, amount] : pairs) {
            Instruction one = in;
            const auto teeth = teeth_of(*c.family, {tooth});
            if (!teeth) return {{}, no_teeth};
            one.teeth = *teeth;
            set_amount(one, amount);
            out.instructions.push_back(one);
        }
        return out;
    }
    const auto teeth = teeth_of(*c.family, x.teeth);
    if (!teeth) return {{}, no_teeth};
    in.teeth = *teeth;
    if (!x.amounts.empty()) set_amount(in, x.amounts[0]);
    out.instructions.push_back(in);
    return out;
}

}  // namespace intake::record
