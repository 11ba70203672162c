#include "station/record/movement.h"

namespace intake::record {

const std::vector<MovementSpec>& movement_specs() {
    // Bounds are per refinement, generous enough for a real request and tight enough to catch
    // a slipped decimal point: linear moves up to 3-4 mm, rotations up to 45°, tips and
    // torques up to 20°, space closure up to 6 mm.
    // IPR is per contact: 0.5 mm is the most enamel a lab takes from one contact in a refinement.
    using K = MovementKind;
    static const std::vector<MovementSpec> specs = {
        {"extrude", AmountUnit::mm, 3.0, "extrude the {teeth}", "", "intrude", "extrusion"},
        {"intrude", AmountUnit::mm, 3.0, "intrude the {teeth}", "", "extrude", "intrusion"},
        {"rotate-mesial", AmountUnit::deg, 45.0, "rotate the {teeth}", "mesially", "rotate-distal",
         "mesial rotation"},
        {"rotate-distal", AmountUnit::deg, 45.0, "rotate the {teeth}", "distally", "rotate-mesial",
         "distal rotation"},
        {"tip-mesial", AmountUnit::deg, 20.0, "tip the {teeth}", "mesially", "tip-distal",
         "mesial tip"},
        {"tip-distal", AmountUnit::deg, 20.0, "tip the {teeth}", "distally", "tip-mesial",
         "distal tip"},
        {"torque-buccal-root", AmountUnit::deg, 20.0, "add buccal root torque to the {teeth}", "",
         "torque-lingual-root", "buccal root torque"},
        {"torque-lingual-root", AmountUnit::deg, 20.0, "add lingual root torque to the {teeth}", "",
         "torque-buccal-root", "lingual root torque"},
        {"move-buccal", AmountUnit::mm, 4.0, "move the {teeth}", "buccally", "move-lingual",
         "buccal movement"},
        {"move-lingual", AmountUnit::mm, 4.0, "move the {teeth}", "lingually", "move-buccal",
         "lingual movement"},
        {"move-mesial", AmountUnit::mm, 4.0, "move the {teeth}", "mesially", "move-distal",
         "mesial movement"},
        {"move-distal", AmountUnit::mm, 4.0, "move the {teeth}", "distally", "move-mesial",
         "distal movement"},
        {"align-facial-surfaces", AmountUnit::none, 0.0, "align the facial surfaces of the {teeth}",
         "", ""},
        {"level-marginal-ridges", AmountUnit::none, 0.0, "level the marginal ridges of the {teeth}",
         "", ""},
        {"close-space", AmountUnit::mm, 6.0, "close the space at the {teeth}", "", "",
         "space closure"},
        {"improve-occlusion", AmountUnit::none, 0.0, "improve the occlusion of the {teeth}", "",
         ""},
        {"ipr", AmountUnit::mm, 0.5, "IPR {amount} between {a} and {b}", "", "", "IPR", K::contact,
         true},
        {"elastic", AmountUnit::none, 0.0, "Class {class} elastic", "", "", "elastic", K::elastic},
        {"pontic", AmountUnit::none, 0.0, "add a pontic for the {teeth}", "", "", "pontic",
         K::feature},
        {"bite-ramp", AmountUnit::none, 0.0, "add bite ramps to the {teeth}", "", "", "bite ramp",
         K::feature},
    };
    return specs;
}

const MovementSpec* find_movement(std::string_view id) {
    for (const MovementSpec& s : movement_specs()) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

std::string_view unit_name(AmountUnit unit) {
    switch (unit) {
        case AmountUnit::mm:
            return "mm";
        case AmountUnit::deg:
            return "deg";
        case AmountUnit::none:
            break;
    }
    return "";
}

std::optional<AmountUnit> parse_unit(std::string_view text) {
    if (text == "mm") return AmountUnit::mm;
    if (text == "deg" || text == "degrees" || text == "\xC2\xB0") return AmountUnit::deg;
    return std::nullopt;
}

}  // namespace intake::record
