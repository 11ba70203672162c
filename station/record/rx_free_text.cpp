#include "station/record/rx_free_text.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

#include "station/record/rx_instruction.h"
#include "station/record/rx_text_scan.h"
#include "station/record/rx_text_terms.h"
#include "station/record/teeth.h"

namespace intake::record {
namespace {

std::string trim_clause(std::string s) {
    static const std::string junk = " \t\r\n,.;:&-";
    const auto b = s.find_first_not_of(junk);
    if (b == std::string::npos) return "";
    s = s.substr(b, s.find_last_not_of(junk) - b + 1);
    // A clause cut before "and intrude ..." keeps no dangling conjunction.
    static const std::regex tail(R"(\s+(and|then|also|plus)$)", std::regex::icase);
    return std::regex_replace(s, tail, "");
}

// Runs of blanks become one space and runs of more than six digits one '_' (no tooth, amount
// or count is that long): the clause patterns then never backtrack over a long run, which
// std::regex does in time quadratic in its length.
std::string tame(const std::string& sentence) {
    std::string out;
    for (size_t i = 0; i < sentence.size();) {
        const auto c = static_cast<unsigned char>(sentence[i]);
        size_t j = i + 1;
        if (std::isspace(c)) {
            while (j < sentence.size() && std::isspace(static_cast<unsigned char>(sentence[j])))
                ++j;
            out += ' ';
        } else if (std::isdigit(c)) {
            while (j < sentence.size() && std::isdigit(static_cast<unsigned char>(sentence[j])))
                ++j;
            out += j - i > 6 ? std::string("_") : sentence.substr(i, j - i);
        } else {
            out += sentence[i];
        }
        i = j;
    }
    return out;
}

// Sentences end at . ; ! ? and line breaks; a point before a digit is a decimal point.
std::vector<std::string> split_sentences(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool digit_next =
            i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]));
        if (c == ';' || c == '\n' || c == '!' || c == '?' || (c == '.' && !digit_next)) {
            out.push_back(tame(current));
            current.clear();
        } else {
            current += c;
        }
    }
    out.push_back(tame(current));
    return out;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Cuts a sentence into one clause per movement word: at the last ",", "and", "then", "also"
// or "plus" between two movement words, else just before the second one.
std::vector<Clause> split_clauses(const std::string& sentence) {
    const std::string low = lower(sentence);
    const std::vector<KeywordHit> hits = find_keywords(low);
    std::vector<Clause> out;
    if (hits.empty()) {
        out.push_back({sentence, low, std::nullopt});
        return out;
    }
    static const std::regex cut(R"(,|&|\b(and|then|also|plus)\b)");
    size_t begin = 0;
    for (size_t k = 0; k < hits.size(); ++k) {
        size_t end = low.size();
        if (k + 1 < hits.size()) {
            end = hits[k + 1].start;
            const std::string between = low.substr(hits[k].end, end - hits[k].end);
            size_t cut_at = std::string::npos;
            for (std::sregex_iterator it(between.begin(), between.end(), cut), e; it != e; ++it)
                cut_at = hits[k].end + static_cast<size_t>(it->position());
            if (cut_at != std::string::npos) end = cut_at;
        }
        out.push_back(
            {sentence.substr(begin, end - begin), low.substr(begin, end - begin), hits[k].family});
        begin = end;
    }
    return out;
}

// Valid FDI numbers standing alone in words nobody could read as an instruction.
std::vector<int> stray_teeth(const std::string& low) {
    static const std::regex num(R"((^|[^\d.#,/])(\d{2})(?![\d/])(?![.,]\d))");
    std::vector<int> out;
    for (std::sregex_iterator it(low.begin(), low.end(), num), e; it != e; ++it) {
        const int n = std::stoi((*it)[2]);
        const size_t after = static_cast<size_t>(it->position(2) + it->length(2));
        if (is_valid_fdi(n) && !is_quantity(low.substr(after, 16)) &&
            std::find(out.begin(), out.end(), n) == out.end())
            out.push_back(n);
    }
    return out;
}

// "aligner 15 of 20", "aligner #14": the patient's place in the series, not teeth.
std::string without_aligner_numbers(const std::string& text) {
    static const std::regex series(R"(\baligners?\s*(no\.?|number|#)?\s*\d+(\s*(of|/)\s*\d+)?)",
                                   std::regex::icase);
    return std::regex_replace(text, series, " ");
}

void warn_leftover(const Clause& c, const std::string& why, FreeTextReading& out) {
    const std::string words = trim_clause(c.text);
    const std::string text = without_aligner_numbers(c.text);
    const std::string low = lower(text);
    for (const TextFinding& f : scan_free_text(text)) out.warnings.push_back(f.message);
    std::vector<int> teeth = stray_teeth(low);
    static const std::regex contact(R"(\b(\d{2})\s*/\s*(\d{2})\b)");
    for (std::sregex_iterator it(low.begin(), low.end(), contact), e; it != e; ++it) {
        for (int g : {1, 2}) {
            const int n = std::stoi((*it)[g]);
            if (is_valid_fdi(n) && std::find(teeth.begin(), teeth.end(), n) == teeth.end())
                teeth.push_back(n);
        }
    }
    if (teeth.empty()) return;
    std::string msg = "free text: '" + words + "' mentions " + teeth_label(teeth);
    msg += why.empty() ? " but no instruction could be read from it" : ": " + why;
    out.warnings.push_back(msg + "; write it as an instruction if the lab should act on it");
}

}  // namespace

namespace {

// A note is a few sentences. std::regex recurses per character on long input, so a crafted
// megabyte "note" would overflow the stack or take minutes: only the head is read for
// instructions (the lab still gets every byte of it).
constexpr size_t kReadLimit = 16 * 1024;

std::string_view readable_head(std::string_view text, FreeTextReading& out) {
    if (text.size() <= kReadLimit) return text;
    size_t cut = kReadLimit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.warnings.push_back("free text: only the first " + std::to_string(cut) + " of " +
                           std::to_string(text.size()) +
                           " bytes were read for instructions; the lab gets all of it");
    return text.substr(0, cut);
}

}  // namespace

FreeTextReading read_free_text(std::string_view whole) {
    FreeTextReading out;
    const std::string_view text = readable_head(whole, out);
    for (const std::string& sentence : split_sentences(text)) {
        if (trim_clause(sentence).empty()) continue;
        for (const Clause& clause : split_clauses(sentence)) {
            if (!clause.family) {
                warn_leftover(clause, "", out);
                continue;
            }
            ClauseReading r = read_clause(clause);
            if (r.instructions.empty()) warn_leftover(clause, r.why_not, out);
            for (Instruction& in : r.instructions)
                out.understood.push_back({std::move(in), trim_clause(clause.text)});
        }
    }
    return out;
}

}  // namespace intake::record
