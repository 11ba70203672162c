// Bite check on the real upper arch against an opposing arch at a known gap.
//
// The testdata arches are not in occlusion, so the opposing arch is the upper arch mirrored
// across a horizontal plane: with the plane g/2 below the upper arch's lowest cusp, every pair
// of points is at least g apart vertically, and the lowest cusp and its own mirror image are
// exactly g apart, so the closest approach is g by construction.
#include "mesh/analysis/bite.h"

#include <gtest/gtest.h>

#include "arch_fixtures.h"

namespace intake::mesh {
namespace {

Mesh upper_arch() { return testing::load_arch("Ref_Upper_Mesh_Tag=0.obj"); }

class KnownGap : public ::testing::TestWithParam<double> {};

TEST_P(KnownGap, ClosestApproachIsMeasuredTo20Micrometres) {
    const double gap = GetParam();
    const Mesh upper = upper_arch();
    const Mesh lower = testing::mirrored_y(upper, testing::min_y(upper) - gap / 2);
    const auto report = analyze_bite(upper, lower);
    ASSERT_TRUE(report.has_value());
    EXPECT_NEAR(report->min_distance_mm, gap, 0.02);
    EXPECT_EQ(report->max_penetration_mm, 0.0);
    EXPECT_FALSE(report->penetration_flagged);
    // Both directions agree: the closest lower vertex is as far from the upper arch.
    const float lower_min =
        *std::min_element(report->lower_distance.begin(), report->lower_distance.end());
    EXPECT_NEAR(lower_min, gap, 0.02);
    bool any_contact = false;
    for (const auto& s : report->segments) any_contact |= s.contact;
    EXPECT_EQ(any_contact, gap <= 0.1);
}

INSTANTIATE_TEST_SUITE_P(Gaps, KnownGap, ::testing::Values(0.05, 0.08, 0.25, 0.6));

TEST(Bite, OpenBiteFailsAndSaysWhichSidesAreMissing) {
    const Mesh upper = upper_arch();
    const Mesh lower = testing::mirrored_y(upper, testing::min_y(upper) - 1.0);
    const auto report = analyze_bite(upper, lower);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->status, Verdict::fail);
    EXPECT_NE(report->verdict.find("bite not registered"), std::string::npos);
    EXPECT_NE(report->verdict.find("left posterior"), std::string::npos);
    EXPECT_NE(report->verdict.find("right posterior"), std::string::npos);
    EXPECT_EQ(report->reasons.size(), 3u);  // all three segments lack contact
}

TEST(Bite, OverlappingArchesAreRegisteredButPenetrationIsFlagged) {
    const Mesh upper = upper_arch();
    // The mirror plane 1.5 mm above the lowest cusp: the arches overlap by 3 mm there (the
    // occlusal plane of the export is tilted, so less leaves the right molars apart).
    const Mesh lower = testing::mirrored_y(upper, testing::min_y(upper) + 1.5);
    const auto report = analyze_bite(upper, lower);
    ASSERT_TRUE(report.has_value());
    for (const auto& s : report->segments) EXPECT_TRUE(s.contact) << s.name;
    EXPECT_EQ(report->verdict, "bite registered on both sides");
    EXPECT_EQ(report->status, Verdict::warn);
    EXPECT_TRUE(report->penetration_flagged);
    EXPECT_GT(report->max_penetration_mm, 0.3);
    EXPECT_LE(report->max_penetration_mm, 3.0 + 0.02);  // never deeper than the overlap
    EXPECT_GT(report->penetration_vertices, 0u);
}

TEST(Bite, ColoursFollowTheDistanceBands) {
    const auto c = bite_colors({-0.5f, -0.1f, 0.05f, 0.3f, 0.8f, 1.5f});
    EXPECT_EQ(c[0], (Rgb8{170, 0, 0}));
    EXPECT_EQ(c[1], (Rgb8{255, 140, 0}));
    EXPECT_EQ(c[2], (Rgb8{0, 190, 60}));
    EXPECT_EQ(c[3], (Rgb8{40, 110, 255}));
    EXPECT_EQ(c[4], (Rgb8{160, 200, 255}));
    EXPECT_EQ(c[5], (Rgb8{220, 220, 220}));
}

TEST(Bite, EmptyArchIsBadInput) {
    const auto report = analyze_bite(upper_arch(), Mesh{});
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, Errc::bad_input);
}

}  // namespace
}  // namespace intake::mesh

namespace intake::mesh {
namespace {

TEST(Bite, PenetrationDeeperThanTheFirstSearchRadiusKeepsItsDepthAndSign) {
    const Mesh upper = upper_arch();
    const Mesh lower = testing::mirrored_y(upper, testing::min_y(upper) + 3.0);  // 6 mm overlap
    const auto report = analyze_bite(upper, lower);
    ASSERT_TRUE(report.has_value());
    EXPECT_GT(report->max_penetration_mm, BiteOptions{}.search_mm);
    EXPECT_LE(report->max_penetration_mm, 6.0 + 0.02);
    EXPECT_EQ(report->min_distance_mm, -report->max_penetration_mm);
}

}  // namespace
}  // namespace intake::mesh
