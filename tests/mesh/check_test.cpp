// Scan QA verdicts on the real arches and on planted defects.
#include "mesh/check.h"

#include <gtest/gtest.h>

#include <cmath>

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

// A band around a 10 mm circle with a half twist (a Möbius strip): its winding cannot be made
// consistent, so its boundary edges do not chain into loops once the faces are oriented.
Mesh twisted_band() {
    Mesh m;
    const uint32_t segments = 90;
    const double pi = 3.14159265358979;
    for (uint32_t i = 0; i < segments; ++i) {
        double u = 2 * pi * i / segments;
        for (int k = -1; k <= 1; ++k) {
            double v = 1.5 * k;
            double r = 10 + v * std::cos(u / 2);
            m.positions.push_back(
                {float(r * std::cos(u)), float(r * std::sin(u)), float(v * std::sin(u / 2))});
        }
    }
    for (uint32_t i = 0; i < segments; ++i) {
        uint32_t j = (i + 1) % segments;
        for (uint32_t k = 0; k < 2; ++k) {
            // The last segment joins the first with the band turned over.
            uint32_t a = 3 * i + k, b = 3 * i + k + 1;
            uint32_t c = j == 0 ? 2 - k : 3 * j + k, d = j == 0 ? 1 - k : 3 * j + k + 1;
            m.triangles.push_back({a, c, d});
            m.triangles.push_back({a, d, b});
        }
    }
    return m;
}

TEST(Check, OpenLoopsNeitherBorderNorVoidFail) {
    ScanCheck c = check_mesh(twisted_band());
    EXPECT_EQ(c.verdict, "fail") << c.to_json().dump();
    EXPECT_GT(c.open_loops, 0u);
    bool named = false;
    for (const std::string& reason : c.reasons) {
        named |= reason.find("neither the scan's border nor a reported void") != std::string::npos;
    }
    EXPECT_TRUE(named) << c.to_json().dump();
    EXPECT_EQ(c.to_json()["open_loops"], c.open_loops);
}

TEST(Check, RealArchesHaveNoOpenLoops) {
    for (const char* name : test::kArches) {
        auto loaded = read_mesh(test::scan_path(name));
        ASSERT_TRUE(loaded);
        ScanCheck c = check_mesh(loaded->mesh);
        EXPECT_EQ(c.open_loops, 0u) << name;
        EXPECT_NE(c.verdict, "fail") << c.to_json().dump();
    }
}

}  // namespace
}  // namespace intake::mesh
