// Tooth numbers in FDI / ISO 3950 and in the clinic's words. The station writes FDI only;
// everything else a clinician types ("lower 3-3", "UR3", "11, 21") is turned into FDI here
// or refused with the FDI suggestion, because a misread tooth number moves the wrong tooth.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intake::record {

// Permanent 11-18, 21-28, 31-38, 41-48; deciduous 51-55, 61-65, 71-75, 81-85.
bool is_valid_fdi(int code);
bool is_deciduous_fdi(int code);

// Universal (ADA) numbering 1-32 to FDI (#8 -> 11, #1 -> 18, #32 -> 48). nullopt outside 1-32.
std::optional<int> universal_to_fdi(int universal);

// Palmer-style quadrant + tooth ("UR", '3') to FDI (13); letters A-E are deciduous (URC -> 53).
std::optional<int> palmer_to_fdi(std::string_view quadrant, char tooth);

// Parses one teeth expression into FDI codes in the order written, without duplicates:
//   "24" | "11, 21" | "13-23" | "lower 3-3" (43..33) | "upper 6-6" | "UR3" | "upper right 3"
// and lists of those separated by ',', ';' or "and". The error message explains the problem
// and suggests the FDI number when the text looks like Universal or another notation.
Result<std::vector<int>> parse_teeth(std::string_view text);

// "11, 21 and 22" — for messages and rendering.
std::string join_teeth(const std::vector<int>& fdi);

}  // namespace intake::record
