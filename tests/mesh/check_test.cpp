// Scan QA verdicts on the real arches and on planted defects.
#include "mesh/check.h"

#include <gtest/gtest.h>

#include "mesh/mesh_io.h"
#include "synthetic_arch.h"
#include "test_paths.h"

namespace intake::mesh {
namespace {

TEST(Check, RealArchPasses) {
    auto loaded = read_mesh(test::scan_path("Ref_Upper_Mesh_Tag=0.obj"));
    ASSERT_TRUE(loaded);
    ScanCheck c = check_mesh(loaded->mesh);
    EXPECT_EQ(c.verdict, "pass") << c.to_json().dump();
    EXPECT_EQ(c.components, 14u);
    EXPECT_GT(c.width_mm, 55.0);
    EXPECT_LT(c.width_mm, 75.0);
    EXPECT_GT(c.depth_mm, 35.0);
}

TEST(Check, MetresFailWithTheFactor) {
    ScanCheck c = check_mesh(test::make_arch({.scale = 0.001}));
    EXPECT_EQ(c.verdict, "fail");
    EXPECT_EQ(c.units, "m");
    ASSERT_FALSE(c.reasons.empty());
    EXPECT_NE(c.reasons[0].find("1000"), std::string::npos) << c.reasons[0];
}

TEST(Check, CentimetresAndInchesAreNamed) {
    EXPECT_EQ(check_mesh(test::make_arch({.scale = 0.1})).units, "cm");
    EXPECT_EQ(check_mesh(test::make_arch({.scale = 1 / 25.4})).units, "in");
}

TEST(Check, VoidsFailDebrisWarns) {
    ScanCheck voids = check_mesh(test::make_arch({.large_holes = 1}));
    EXPECT_EQ(voids.verdict, "fail");
    EXPECT_EQ(voids.voids.size(), 1u);
    ScanCheck debris = check_mesh(test::make_arch({.debris = 4, .tiny_holes = 2}));
    EXPECT_EQ(debris.verdict, "warn");
    EXPECT_EQ(debris.debris_islands, 4u);
    EXPECT_EQ(debris.small_holes, 2u);
    EXPECT_EQ(debris.borders, 1u);
}

TEST(Check, OverTheTriangleBudgetWarns) {
    CheckOptions options;
    options.clean.triangle_budget = 1000;
    ScanCheck c = check_mesh(test::make_arch({}), options);
    EXPECT_EQ(c.verdict, "warn");
}

}  // namespace
}  // namespace intake::mesh
