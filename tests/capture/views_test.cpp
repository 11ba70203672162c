#include "capture/views.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace intake::capture {
namespace {

TEST(Views, EightStandardViewsWithStableIds) {
    const std::set<std::string> expected{"extraoral-frontal",        "extraoral-smile",
                                         "extraoral-profile-right",  "intraoral-frontal",
                                         "intraoral-right",          "intraoral-left",
                                         "intraoral-upper-occlusal", "intraoral-lower-occlusal"};
    std::set<std::string> found;
    for (const ViewInfo& view : all_views()) {
        found.emplace(view.key);
        EXPECT_FALSE(view.name.empty());
        EXPECT_EQ(&view_info(view.id), &view) << view.key;
    }
    EXPECT_EQ(found, expected);
}

TEST(Views, OnlyTheOcclusalViewsAreMirrorShots) {
    for (const ViewInfo& view : all_views()) {
        const bool occlusal = view.key.find("occlusal") != std::string_view::npos;
        EXPECT_EQ(view.mirrored, occlusal) << view.key;
        EXPECT_EQ(view.kind == ViewKind::intraoral, view.key.starts_with("intraoral-")) << view.key;
    }
}

TEST(Views, FindViewIsExact) {
    ASSERT_TRUE(find_view("intraoral-right"));
    EXPECT_EQ(find_view("intraoral-right")->id, ViewId::intraoral_right);
    EXPECT_EQ(find_view("intraoral-right")->view_code, "IV-01");
    EXPECT_FALSE(find_view("Intraoral-Right"));
    EXPECT_FALSE(find_view("intraoral"));
    EXPECT_FALSE(find_view(""));
}

}  // namespace
}  // namespace intake::capture
