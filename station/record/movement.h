// The tooth movements a written instruction may ask for, their units and plausible bounds
// for one refinement (docs/prescription.md). Bounds catch slips like 5 mm for 0.5 mm.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace intake::record {

enum class AmountUnit { none, mm, deg };

struct MovementSpec {
    std::string_view id;         // "extrude"
    AmountUnit unit;             // none: the movement takes no amount
    double max_amount;           // inclusive upper bound per refinement
    std::string_view verb;       // "extrude the {teeth}"; {teeth} replaced when rendering
    std::string_view direction;  // "mesially" — after the teeth, before the amount
    std::string_view opposite;   // the contradicting movement on the same tooth, or ""
};

const std::vector<MovementSpec>& movement_specs();
const MovementSpec* find_movement(std::string_view id);
std::string_view unit_name(AmountUnit unit);  // "mm", "deg", ""
// "mm" / "deg" / "degrees" / "°" -> unit; nullopt otherwise.
std::optional<AmountUnit> parse_unit(std::string_view text);

}  // namespace intake::record
