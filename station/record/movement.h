// The tooth movements and aligner features a written instruction may ask for, their units and
// plausible bounds for one refinement (docs/prescription.md). Bounds catch slips like 5 mm for
// 0.5 mm.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace intake::record {

enum class AmountUnit { none, mm, deg };

// What an instruction's teeth mean: the teeth that move, a contact between two adjacent teeth
// (IPR), the two ends of an elastic, or teeth that get an aligner feature (pontic, bite ramp).
enum class MovementKind { movement, contact, elastic, feature };

struct MovementSpec {
    std::string_view id;         // "extrude"
    AmountUnit unit;             // none: the movement takes no amount
    double max_amount;           // inclusive upper bound per refinement (per contact for IPR)
    std::string_view verb;       // "extrude the {teeth}"; {teeth} replaced when rendering
    std::string_view direction;  // "mesially" — after the teeth, before the amount
    std::string_view opposite;   // the contradicting movement on the same tooth, or ""
    std::string_view noun = "";  // "extrusion" — for messages: "tooth 36: 8 mm extrusion ..."
    MovementKind kind = MovementKind::movement;
    bool amount_required = false;  // IPR: the lab cannot plan a reduction without one
};

const std::vector<MovementSpec>& movement_specs();
const MovementSpec* find_movement(std::string_view id);
std::string_view unit_name(AmountUnit unit);  // "mm", "deg", ""
// "mm" / "deg" / "degrees" / "°" -> unit; nullopt otherwise.
std::optional<AmountUnit> parse_unit(std::string_view text);

}  // namespace intake::record
