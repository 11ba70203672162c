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

// Where a valid FDI tooth sits: its arch, the patient's side, and its place counted from the
// midline (1 central incisor … 8 third molar; a deciduous tooth takes its successor's place,
// so 55 sits at 5 next to 16 in a mixed dentition).
bool is_upper_fdi(int code);
bool is_right_fdi(int code);
int arch_position(int code);

// Two teeth share a contact: one arch, neighbouring places on one side, or the two central
// incisors across the midline (11/21 yes, 13/23 no).
bool are_adjacent(int a, int b);

// A contact between two teeth, written "33/34" (also "33-34"); "33/34, 43/44" is a list. The
// teeth are checked as FDI numbers here; adjacency is the caller's finding so it can name the
// contact.
struct Contact {
    int a = 0;
    int b = 0;
    std::string name() const;  // "33/34"
};
Result<std::vector<Contact>> parse_contacts(std::string_view text);

}  // namespace intake::record
