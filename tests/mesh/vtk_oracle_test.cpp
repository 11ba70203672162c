// VTK's stock filters as an oracle: where both pipelines decide the same question (which
// regions are debris, how much surface remains, which way the surface faces) they must agree.
// Orientation is compared through the signed volume, so an inside-out result cannot agree.
#include <gtest/gtest.h>

#include "mesh/clean.h"
#include "mesh/mesh_io.h"
#include "mesh/oracle/surface_agreement.h"
#include "mesh/oracle/vtk_reference.h"
#include "synthetic_arch.h"
#include "test_paths.h"

namespace intake::mesh {
namespace {

using oracle::surface_disagreement;
using oracle::surface_figures;

Mesh inside_out(Mesh m) {
    for (Triangle& t : m.triangles) std::swap(t[1], t[2]);
    return m;
}

TEST(VtkOracle, SameDebrisDecisionsAndSurfaceOnASyntheticArch) {
    Mesh arch = test::make_arch({.debris = 15, .tiny_holes = 4, .seam = true});
    auto ours = clean_mesh(arch, {});
    auto vtk = oracle::clean_mesh_with_vtk(arch, {});
    ASSERT_TRUE(ours);
    ASSERT_TRUE(vtk) << vtk.error().to_string();
    EXPECT_EQ(ours->report.removed_islands, vtk->report.removed_islands);
    EXPECT_EQ(ours->report.components, vtk->report.components);
    const Vec3 about = oracle::box_centre(arch);
    const auto ours_f = surface_figures(ours->mesh, about);
    const auto vtk_f = surface_figures(vtk->mesh, about);
    EXPECT_NE(ours_f.signed_volume_mm3, 0.0);
    EXPECT_EQ(surface_disagreement(ours_f, vtk_f), "");
}

TEST(VtkOracle, RealArchTeethFaceOutwardInBoth) {
    auto loaded = read_mesh(test::scan_path("Ref_Lower_Mesh_Tag=1.obj"));
    ASSERT_TRUE(loaded);
    auto ours = clean_mesh(loaded->mesh, {});
    auto vtk = oracle::clean_mesh_with_vtk(loaded->mesh, {});
    ASSERT_TRUE(ours);
    ASSERT_TRUE(vtk) << vtk.error().to_string();
    EXPECT_EQ(ours->report.components, vtk->report.components);
    EXPECT_EQ(ours->report.removed_islands, vtk->report.removed_islands);
    // Closed tooth shells: outward normals give a positive volume, and VTK's must be the same
    // number with the same sign (no abs(): an inside-out tooth subtracts its volume).
    const Vec3 about = oracle::box_centre(loaded->mesh);
    const auto ours_f = surface_figures(ours->mesh, about);
    const auto vtk_f = surface_figures(vtk->mesh, about);
    EXPECT_GT(ours_f.signed_volume_mm3, 0.0);
    EXPECT_EQ(surface_disagreement(ours_f, vtk_f, {.triangles = 0, .area = 1e-4, .volume = 1e-4}),
              "");
}

TEST(VtkOracle, AnInsideOutSurfaceDoesNotAgree) {
    auto loaded = read_mesh(test::scan_path("Ref_Lower_Mesh_Tag=1.obj"));
    ASSERT_TRUE(loaded);
    auto ours = clean_mesh(loaded->mesh, {});
    ASSERT_TRUE(ours);
    const Vec3 about = oracle::box_centre(loaded->mesh);
    const auto right = surface_figures(ours->mesh, about);
    const auto flipped = surface_figures(inside_out(ours->mesh), about);
    EXPECT_DOUBLE_EQ(right.area_mm2, flipped.area_mm2);
    EXPECT_NEAR(flipped.signed_volume_mm3, -right.signed_volume_mm3,
                1e-9 * right.signed_volume_mm3);
    EXPECT_NE(surface_disagreement(right, flipped), "");
}

TEST(VtkOracle, DecimationReachesASimilarSizeAndStaysClose) {
    Mesh arch = test::make_arch({.along = 300, .across = 100});
    auto vtk = oracle::decimate_with_vtk(arch, 20'000);
    ASSERT_TRUE(vtk);
    CleanOptions options;
    options.target_triangles = 20'000;
    auto ours = clean_mesh(arch, options);
    ASSERT_TRUE(ours);
    const Vec3 about = oracle::box_centre(arch);
    EXPECT_EQ(surface_disagreement(surface_figures(ours->mesh, about), surface_figures(*vtk, about),
                                   {.triangles = 0.1}),
              "");
}

}  // namespace
}  // namespace intake::mesh
