#include "capture/views.h"

namespace intake::capture {
namespace {

// Codes follow ANSI/ADA Standard No. 1100 as published by open-ortho (DENT-OIP). Only codes
// checked against that list are filled in; the rest stay empty rather than guessed, and a
// lab's rule pack may carry its own.
constexpr std::array<ViewInfo, 8> kViews{{
    {ViewId::extraoral_frontal, "extraoral-frontal", "Extraoral frontal, lips at rest",
     ViewKind::extraoral, false, ""},
    {ViewId::extraoral_smile, "extraoral-smile", "Extraoral frontal, smiling", ViewKind::extraoral,
     false, ""},
    {ViewId::extraoral_profile_right, "extraoral-profile-right", "Extraoral right profile",
     ViewKind::extraoral, false, ""},
    {ViewId::intraoral_frontal, "intraoral-frontal", "Intraoral frontal, in occlusion",
     ViewKind::intraoral, false, ""},
    {ViewId::intraoral_right, "intraoral-right", "Intraoral right buccal, in occlusion",
     ViewKind::intraoral, false, "IV-01"},
    {ViewId::intraoral_left, "intraoral-left", "Intraoral left buccal, in occlusion",
     ViewKind::intraoral, false, ""},
    {ViewId::intraoral_upper_occlusal, "intraoral-upper-occlusal",
     "Upper occlusal (maxillary), through a mirror", ViewKind::intraoral, true, ""},
    {ViewId::intraoral_lower_occlusal, "intraoral-lower-occlusal",
     "Lower occlusal (mandibular), through a mirror", ViewKind::intraoral, true, ""},
}};

}  // namespace

std::span<const ViewInfo> all_views() { return kViews; }

std::optional<ViewInfo> find_view(std::string_view key) {
    for (const ViewInfo& view : kViews) {
        if (view.key == key) return view;
    }
    return std::nullopt;
}

const ViewInfo& view_info(ViewId id) { return kViews[static_cast<size_t>(id)]; }

}  // namespace intake::capture
