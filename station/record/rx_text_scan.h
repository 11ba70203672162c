// Scans the prescription's free text for tooth numbers a lab could misread: numbers that are
// not FDI teeth (19, 49, 10, 90), Universal numbers ("#8" is FDI 11) and Palmer notations
// ("UR3", "3┘"), each with the FDI suggestion.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace intake::record {

struct TextFinding {
    std::string token;      // as it appears: "#8"
    std::string message;    // "free text: '#8' looks like Universal numbering: FDI 11"
    int suggested_fdi = 0;  // 0 when there is no suggestion
};

std::vector<TextFinding> scan_free_text(std::string_view text);

}  // namespace intake::record
