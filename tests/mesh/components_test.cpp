// Components on the real arches: 14 teeth, each a closed shell of 100-350 mm².
#include "mesh/components.h"

#include <gtest/gtest.h>

#include <string>

#include "mesh/mesh_io.h"
#include "test_paths.h"

namespace intake::mesh {
namespace {

TEST(Components, RealArchesHaveFourteenTeeth) {
    for (const char* name : test::kArches) {
        auto loaded = read_mesh(test::scan_path(name));
        ASSERT_TRUE(loaded) << loaded.error().to_string();
        uint32_t count = 0;
        auto labels = label_components(loaded->mesh, &count);
        // Lower tag 1 has two specks (< 0.02 mm²) besides its 14 teeth (testdata/SOURCES.md).
        bool specks = std::string(name) == "Ref_Lower_Mesh_Tag=1.obj";
        EXPECT_EQ(count, specks ? 16u : 14u) << name;
        auto areas = component_areas(loaded->mesh, labels, count);
        int teeth = 0;
        for (double a : areas) {
            if (a < 0.02) continue;
            ++teeth;
            EXPECT_GT(a, 90.0) << name;
            EXPECT_LT(a, 360.0) << name;
        }
        EXPECT_EQ(teeth, 14) << name;
    }
}

TEST(Components, TrianglesTouchingAtOneVertexAreSeparate) {
    Mesh m;
    m.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {-1, 0, 0}, {0, -1, 0}, {1, 1, 0}};
    m.triangles = {{0, 1, 2}, {0, 3, 4}, {1, 5, 2}};
    uint32_t count = 0;
    auto labels = label_components(m, &count);
    EXPECT_EQ(count, 2u);
    EXPECT_EQ(labels, (std::vector<uint32_t>{0, 1, 0}));
}

}  // namespace
}  // namespace intake::mesh
