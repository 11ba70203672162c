#include "station/record/rx_text_scan.h"

#include <regex>
#include <string>

#include "station/record/teeth.h"

namespace intake::record {
namespace {

// Numbers followed by a unit or quantity word are amounts, durations or counts, not teeth.
bool followed_by_unit(const std::string& rest) {
    static const std::regex unit(
        R"(^\s*(\+|%|mm|°|deg|degrees?|hours?|hrs?|h\b|days?|weeks?|months?|years?|steps?|aligners?|x\b))",
        std::regex::icase);
    return std::regex_search(rest, unit);
}

void scan_universal(const std::string& s, std::vector<TextFinding>& out) {
    static const std::regex re(R"(#\s?(\d{1,2})\b)");
    for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) {
        const auto fdi = universal_to_fdi(std::stoi((*it)[1]));
        if (!fdi) continue;
        out.push_back({it->str(),
                       "free text: '" + it->str() + "' looks like Universal numbering: FDI " +
                           std::to_string(*fdi),
                       *fdi});
    }
}

void scan_palmer(const std::string& s, std::vector<TextFinding>& out) {
    static const std::regex letters(R"(\b(UR|UL|LR|LL)\s?([1-8A-E])\b)", std::regex::icase);
    for (std::sregex_iterator it(s.begin(), s.end(), letters), end; it != end; ++it) {
        const auto fdi = palmer_to_fdi((*it)[1].str(), (*it)[2].str()[0]);
        if (!fdi) continue;
        out.push_back({it->str(),
                       "free text: '" + it->str() + "' is Palmer-style notation: write FDI " +
                           std::to_string(*fdi),
                       *fdi});
    }
    // Palmer's grid: the quadrant drawn as a corner beside the digit. ┘ upper right,
    // └ upper left, ┐ lower right, ┌ lower left (the clinician facing the patient).
    struct Corner {
        const char* glyph;
        const char* quadrant;
        bool before;  // glyph written before the digit
    };
    static const Corner corners[] = {{"\u2518", "ur", false},
                                     {"\u2514", "ul", true},
                                     {"\u2510", "lr", false},
                                     {"\u250C", "ll", true}};
    for (const Corner& c : corners) {
        const std::string g = c.glyph;
        const std::regex re(c.before ? g + R"(\s?([1-8A-Ea-e]))" : R"(([1-8A-Ea-e])\s?)" + g);
        for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) {
            const auto fdi = palmer_to_fdi(c.quadrant, (*it)[1].str()[0]);
            if (!fdi) continue;
            out.push_back({it->str(),
                           "free text: '" + it->str() + "' is Palmer notation: write FDI " +
                               std::to_string(*fdi),
                           *fdi});
        }
    }
}

void scan_numbers(const std::string& s, std::vector<TextFinding>& out) {
    // Two-digit numbers standing alone (not decimals, not after '#', not amounts).
    static const std::regex re(R"((^|[^\d.#,])(\d{2})(?!\d)(?![.,]\d))");
    for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) {
        const std::string token = (*it)[2];
        const int n = std::stoi(token);
        const auto after = static_cast<size_t>(it->position(2) + it->length(2));
        if (is_valid_fdi(n) || followed_by_unit(s.substr(after, 16))) continue;
        out.push_back({token, "free text: '" + token + "' is not an FDI tooth number", 0});
    }
}

}  // namespace

std::vector<TextFinding> scan_free_text(std::string_view text) {
    const std::string s(text);
    std::vector<TextFinding> out;
    scan_universal(s, out);
    scan_palmer(s, out);
    scan_numbers(s, out);
    return out;
}

}  // namespace intake::record
