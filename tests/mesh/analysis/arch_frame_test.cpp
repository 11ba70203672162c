// The anatomical frame and the tooth regions on the real arches (FDI-labelled shells).
#include "mesh/analysis/arch_frame.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "arch_fixtures.h"

namespace intake::mesh {
namespace {

class ArchFrameOnTestdata : public ::testing::TestWithParam<const char*> {};

TEST_P(ArchFrameOnTestdata, AxesAreOrthonormalAndAnteriorIsTheIncisorEnd) {
    const Mesh arch = testing::load_arch(GetParam());
    const ArchFrame f = arch_frame(arch);
    EXPECT_NEAR(norm(f.left), 1, 1e-9);
    EXPECT_NEAR(dot(f.left, f.anterior), 0, 1e-9);
    EXPECT_NEAR(dot(f.superior, f.anterior), 0, 1e-9);
    EXPECT_GT(f.superior.y, 0.95);  // Y is the occlusal axis of the exports
    EXPECT_GT(f.anterior.z, 0.95);  // the testdata incisors are at +Z
    EXPECT_GT(f.spread[0], f.spread[1]);
    EXPECT_GT(f.spread[1], f.spread[2]);
}

TEST_P(ArchFrameOnTestdata, TeethFallIntoAnatomicalRegions) {
    const Mesh arch = testing::load_arch(GetParam());
    uint32_t count = 0;
    const auto labels = label_components(arch, &count);
    const auto regions = vertex_regions(arch, arch_frame(arch), labels, count);
    const auto per_vertex = vertex_labels(arch, labels);
    std::map<ArchRegion, std::set<uint32_t>> teeth;
    for (size_t v = 0; v < regions.size(); ++v) teeth[regions[v]].insert(per_vertex[v]);
    // 14 or 16 teeth: 6 anterior, 2 premolars a side, 2 or 3 molars a side.
    EXPECT_EQ(teeth[ArchRegion::anterior].size(), 6u);
    EXPECT_EQ(teeth[ArchRegion::left_premolar].size(), 2u);
    EXPECT_EQ(teeth[ArchRegion::right_premolar].size(), 2u);
    EXPECT_GE(teeth[ArchRegion::left_molar].size(), 2u);
    EXPECT_GE(teeth[ArchRegion::right_molar].size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Scans, ArchFrameOnTestdata,
                         ::testing::Values("Ref_Upper_Mesh_Tag=0.obj", "Ref_Lower_Mesh_Tag=0.obj",
                                           "Ref_Upper_Mesh_Tag=1.obj"));

TEST(ArchFrame, RotatedArchKeepsItsAnatomy) {
    const Mesh arch = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    const RigidTransform x = from_axis_angle({0, 0.9, 0}, {3, 1, -2});  // turn about the vertical
    const ArchFrame a = arch_frame(arch), b = arch_frame(transformed(arch, x));
    EXPECT_GT(dot(x.rotate(a.anterior), b.anterior), 0.999);
    EXPECT_GT(dot(x.rotate(a.left), b.left), 0.999);
}

}  // namespace
}  // namespace intake::mesh
