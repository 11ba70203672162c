#include "station/record/teeth.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace intake::record {
namespace {

// Lower case, trimmed, every run of blanks one space: std::regex recurses once per character
// of a blank run, so a crafted "lower" + a megabyte of spaces + "3-3" overflowed the stack.
std::string lower_trim(std::string_view text) {
    std::string s;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isspace(u)) {
            if (!s.empty() && s.back() != ' ') s += ' ';
        } else {
            s += static_cast<char>(std::tolower(u));
        }
    }
    if (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// Every tooth of both dentitions written out is under 300 characters.
constexpr size_t kLongestTeethText = 512;

Status check_length(const std::string& normal) {
    if (normal.size() <= kLongestTeethText) return ok();
    return fail(Errc::bad_input,
                std::to_string(normal.size()) + " characters is too long for a list of teeth");
}

// One arch from the patient's right distal to left distal, as a sequence a range walks along.
std::vector<int> arch_of(int code) {
    const int q = code / 10;
    const bool deciduous = q >= 5;
    const int right =
        (q == 1 || q == 2 || q == 5 || q == 6) ? (deciduous ? 5 : 1) : (deciduous ? 8 : 4);
    const int left = right == 1 ? 2 : right == 4 ? 3 : right == 5 ? 6 : 7;
    const int n = deciduous ? 5 : 8;
    std::vector<int> arch;
    for (int t = n; t >= 1; --t) arch.push_back(right * 10 + t);
    for (int t = 1; t <= n; ++t) arch.push_back(left * 10 + t);
    return arch;
}

std::string fdi_problem(const std::string& token) {
    return "'" + token +
           "' is not an FDI tooth number (permanent 11-18, 21-28, 31-38, 41-48; "
           "deciduous 51-55, 61-65, 71-75, 81-85)";
}

Result<std::vector<int>> walk(int from, int to, const std::string& text) {
    if (!is_valid_fdi(from)) return fail(Errc::bad_input, fdi_problem(std::to_string(from)));
    if (!is_valid_fdi(to)) return fail(Errc::bad_input, fdi_problem(std::to_string(to)));
    const auto arch = arch_of(from);
    const auto a = std::find(arch.begin(), arch.end(), from);
    const auto b = std::find(arch.begin(), arch.end(), to);
    if (b == arch.end()) {
        return fail(Errc::bad_input, "'" + text + "': a range must stay within one arch");
    }
    std::vector<int> out;
    if (a <= b) {
        out.assign(a, b + 1);
    } else {
        for (auto it = a;; --it) {
            out.push_back(*it);
            if (it == b) break;
        }
    }
    return out;
}

int tooth_index(char c) {  // '1'..'8' -> 1..8, 'a'..'e' -> -1..-5 (deciduous)
    if (c >= '1' && c <= '8') return c - '0';
    if (c >= 'a' && c <= 'e') return -(c - 'a' + 1);
    return 0;
}

// "upper 6-6" / "lower 3-3" / "upper c-c": right quadrant tooth A across the midline to B.
Result<std::vector<int>> parse_arch_range(const std::smatch& m, const std::string& text) {
    const bool upper = m[1].str()[0] == 'u' || m[1].str() == "maxillary";
    const int a = tooth_index(m[2].str()[0]);
    const int b = tooth_index(m[3].str()[0]);
    if ((a < 0) != (b < 0)) {
        return fail(Errc::bad_input, "'" + text + "' mixes permanent and deciduous teeth");
    }
    const bool deciduous = a < 0;
    const int right = upper ? (deciduous ? 5 : 1) : (deciduous ? 8 : 4);
    const int left = upper ? (deciduous ? 6 : 2) : (deciduous ? 7 : 3);
    return walk(right * 10 + std::abs(a), left * 10 + std::abs(b), text);
}

Result<std::vector<int>> parse_one(const std::string& text) {
    static const std::regex fdi(R"(^(\d{1,3})$)");
    static const std::regex fdi_range(R"(^(\d{2})\s*(?:-|to)\s*(\d{2})$)");
    static const std::regex arch_range(
        R"(^(upper|lower|u|l|maxillary|mandibular)\s*([1-8a-e])\s*-\s*([1-8a-e])$)");
    static const std::regex palmer(R"(^(ur|ul|lr|ll)\s*([1-8a-e])$)");
    static const std::regex words(R"(^(upper|lower)\s+(right|left)\s+([1-8a-e])$)");
    static const std::regex universal(R"(^#\s*(\d{1,2})$)");
    std::smatch m;
    if (std::regex_match(text, m, fdi)) {
        const int code = std::stoi(m[1]);
        if (!is_valid_fdi(code)) return fail(Errc::bad_input, fdi_problem(m[1]));
        return std::vector<int>{code};
    }
    if (std::regex_match(text, m, fdi_range)) return walk(std::stoi(m[1]), std::stoi(m[2]), text);
    if (std::regex_match(text, m, arch_range)) return parse_arch_range(m, text);
    if (std::regex_match(text, m, palmer))
        return std::vector<int>{*palmer_to_fdi(m[1].str(), m[2].str()[0])};
    if (std::regex_match(text, m, words)) {
        const std::string q = std::string(1, m[1].str()[0]) + m[2].str()[0];
        return std::vector<int>{*palmer_to_fdi(q, m[3].str()[0])};
    }
    if (std::regex_match(text, m, universal)) {
        const auto f = universal_to_fdi(std::stoi(m[1]));
        if (f) {
            return fail(
                Errc::bad_input,
                "'" + text + "' looks like Universal numbering: write FDI " + std::to_string(*f));
        }
    }
    return fail(Errc::bad_input, "'" + text +
                                     "' is not a tooth, range or list of teeth (FDI "
                                     "'24', '11, 21', 'lower 3-3', 'upper 6-6', 'UR3')");
}

std::vector<std::string> split_list(const std::string& text) {
    static const std::regex sep(R"(\s*(?:,|;|\band\b|&)\s*)");
    std::vector<std::string> parts;
    for (std::sregex_token_iterator it(text.begin(), text.end(), sep, -1), end; it != end; ++it) {
        parts.push_back(lower_trim(it->str()));
    }
    return parts;
}

}  // namespace

bool is_valid_fdi(int code) {
    const int q = code / 10;
    const int t = code % 10;
    if (q >= 1 && q <= 4) return t >= 1 && t <= 8;
    if (q >= 5 && q <= 8) return t >= 1 && t <= 5;
    return false;
}

bool is_deciduous_fdi(int code) { return is_valid_fdi(code) && code / 10 >= 5; }

std::optional<int> universal_to_fdi(int u) {
    if (u >= 1 && u <= 8) return 10 + (9 - u);     // 1 -> 18 ... 8 -> 11
    if (u >= 9 && u <= 16) return 20 + (u - 8);    // 9 -> 21 ... 16 -> 28
    if (u >= 17 && u <= 24) return 30 + (25 - u);  // 17 -> 38 ... 24 -> 31
    if (u >= 25 && u <= 32) return 40 + (u - 24);  // 25 -> 41 ... 32 -> 48
    return std::nullopt;
}

std::optional<int> palmer_to_fdi(std::string_view quadrant, char tooth) {
    const std::string q = lower_trim(quadrant);
    const int t = tooth_index(static_cast<char>(std::tolower(static_cast<unsigned char>(tooth))));
    if (t == 0) return std::nullopt;
    const bool deciduous = t < 0;
    int base = 0;
    if (q == "ur")
        base = deciduous ? 5 : 1;
    else if (q == "ul")
        base = deciduous ? 6 : 2;
    else if (q == "ll")
        base = deciduous ? 7 : 3;
    else if (q == "lr")
        base = deciduous ? 8 : 4;
    else
        return std::nullopt;
    return base * 10 + std::abs(t);
}

Result<std::vector<int>> parse_teeth(std::string_view text) {
    const std::string normal = lower_trim(text);
    if (normal.empty()) return fail(Errc::bad_input, "no teeth given");
    INTAKE_TRY(check_length(normal));
    std::vector<int> out;
    for (const std::string& part : split_list(normal)) {
        if (part.empty())
            return fail(Errc::bad_input, "'" + std::string(text) + "': empty list item");
        auto teeth = parse_one(part);
        if (!teeth) return teeth;
        for (int t : *teeth) {
            if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
        }
    }
    return out;
}

std::string join_teeth(const std::vector<int>& fdi) {
    std::string s;
    for (size_t i = 0; i < fdi.size(); ++i) {
        if (i > 0) s += i + 1 == fdi.size() ? " and " : ", ";
        s += std::to_string(fdi[i]);
    }
    return s;
}

bool is_upper_fdi(int code) {
    const int q = code / 10;
    return q == 1 || q == 2 || q == 5 || q == 6;
}

bool is_right_fdi(int code) {
    const int q = code / 10;
    return q == 1 || q == 4 || q == 5 || q == 8;
}

int arch_position(int code) { return code % 10; }

bool are_adjacent(int a, int b) {
    if (!is_valid_fdi(a) || !is_valid_fdi(b) || a == b) return false;
    if (is_upper_fdi(a) != is_upper_fdi(b)) return false;
    const int pa = arch_position(a);
    const int pb = arch_position(b);
    if (is_right_fdi(a) != is_right_fdi(b)) return pa == 1 && pb == 1;
    return pa - pb == 1 || pb - pa == 1;
}

std::string Contact::name() const { return std::to_string(a) + "/" + std::to_string(b); }

Result<std::vector<Contact>> parse_contacts(std::string_view text) {
    static const std::regex item(R"(^(\d{1,3})\s*[/-]\s*(\d{1,3})$)");
    static const std::regex sep(R"(\s*[,;]\s*)");
    const std::string normal = lower_trim(text);
    if (normal.empty()) return fail(Errc::bad_input, "no contact given (write it as '33/34')");
    INTAKE_TRY(check_length(normal));
    std::vector<Contact> out;
    for (std::sregex_token_iterator it(normal.begin(), normal.end(), sep, -1), end; it != end;
         ++it) {
        const std::string part = lower_trim(it->str());
        std::smatch m;
        if (!std::regex_match(part, m, item)) {
            return fail(Errc::bad_input, "'" + part +
                                             "' is not a contact between two teeth (write it "
                                             "as '33/34')");
        }
        const Contact c{std::stoi(m[1]), std::stoi(m[2])};
        for (int t : {c.a, c.b}) {
            if (!is_valid_fdi(t))
                return fail(Errc::bad_input,
                            "contact " + part + ": " + fdi_problem(std::to_string(t)));
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace intake::record
