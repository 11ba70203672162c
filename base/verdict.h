// The one verdict scale of the station: every check (a photo, a scan, the bite, the pre-submit
// gate) ends in pass, warn or fail, and the worst finding decides. Reports carry this enum; only
// JSON and the kiosk's text carry the words "pass", "warn" and "fail".
#pragma once

#include <optional>
#include <string_view>

namespace intake {

enum class Verdict { pass, warn, fail };

// "pass" | "warn" | "fail".
std::string_view verdict_name(Verdict verdict);

// The enum for one of those words; nullopt for anything else (a file from a newer build, a typo).
std::optional<Verdict> parse_verdict(std::string_view name);

// The more severe of the two.
constexpr Verdict worst(Verdict a, Verdict b) { return a >= b ? a : b; }

}  // namespace intake
