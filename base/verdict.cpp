#include "base/verdict.h"

namespace intake {

std::string_view verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass:
            return "pass";
        case Verdict::warn:
            return "warn";
        case Verdict::fail:
            return "fail";
    }
    return "fail";
}

std::optional<Verdict> parse_verdict(std::string_view name) {
    for (Verdict v : {Verdict::pass, Verdict::warn, Verdict::fail})
        if (verdict_name(v) == name) return v;
    return std::nullopt;
}

}  // namespace intake
