// The standard orthodontic photo series as data: eight views with stable ids, whether each is
// taken through a mirror, and its ADA 1100 / DENT-OIP code where one is known. Which views a
// lab requires comes from the lab's rule pack, not from here.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace intake::capture {

enum class ViewId {
    extraoral_frontal,
    extraoral_smile,
    extraoral_profile_right,
    intraoral_frontal,
    intraoral_right,
    intraoral_left,
    intraoral_upper_occlusal,
    intraoral_lower_occlusal,
};

enum class ViewKind { extraoral, intraoral };

struct ViewInfo {
    ViewId id;
    std::string_view key;   // stable id, e.g. "intraoral-upper-occlusal"
    std::string_view name;  // for people, e.g. "Upper occlusal (maxillary)"
    ViewKind kind;
    bool mirrored;               // taken through an intraoral mirror: the image reads reversed
    std::string_view view_code;  // ADA 1100 / DENT-OIP code; empty when none is known
};

// All eight, in the order a series is usually taken.
std::span<const ViewInfo> all_views();

// Looks a view up by its stable id; nullopt for anything else (ids are case-sensitive).
std::optional<ViewInfo> find_view(std::string_view key);

const ViewInfo& view_info(ViewId id);

}  // namespace intake::capture
