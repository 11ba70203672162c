// The words of a clinician's note: which movement a clause asks for (its movement word and
// direction), which teeth it names and which amount it gives. Used by rx_free_text to turn a
// clause into an Instruction; kept apart so the vocabulary can grow without touching how text
// is cut into clauses.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "station/record/prescription.h"

namespace intake::record {

enum class Family {
    extrude,
    intrude,
    rotate,
    tip,
    torque,
    move,
    distalize,
    mesialize,
    close_space,
    align_facial,
    level_ridges,
    improve_occlusion,
    ipr,
    pontic,
    bite_ramp,
    elastic
};

struct KeywordHit {
    size_t start = 0;
    size_t end = 0;
    Family family = Family::extrude;
};

// One clause of a sentence: as written, lower-cased (same byte offsets), and its movement word.
struct Clause {
    std::string text;
    std::string low;
    std::optional<Family> family;
};

// Movement words in a lower-cased sentence, in order, not overlapping.
std::vector<KeywordHit> find_keywords(const std::string& low);

// The text right after a number makes it a quantity, not a tooth: "mm", "°", "hours", "days",
// "aligners", "+", "%".
bool is_quantity(const std::string& rest);

// Usually one instruction; "extrude 24 0.5 mm and 25 0.3 mm" gives one per tooth and amount,
// "class II elastics 13-46 and 23-36" one per elastic.
struct ClauseReading {
    std::vector<Instruction> instructions;
    std::string why_not;  // when none: "the direction is missing or unclear"
};

ClauseReading read_clause(const Clause& clause);

}  // namespace intake::record
