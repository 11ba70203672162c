// VTK's stock filters as an oracle: where both pipelines decide the same question (which
// regions are debris, how much surface remains, which way normals point) they must agree.
#include <gtest/gtest.h>

#include <cmath>

#include "mesh/clean.h"
#include "mesh/components.h"
#include "mesh/mesh_io.h"
#include "mesh/vtk_reference.h"
#include "synthetic_arch.h"
#include "test_paths.h"

namespace intake::mesh {
namespace {

double total_area(const Mesh& m) {
    double a = 0;
    for (const Triangle& t : m.triangles) a += triangle_area(m, t);
    return a;
}

TEST(VtkOracle, SameDebrisDecisionsAndSurfaceOnASyntheticArch) {
    Mesh arch = test::make_arch({.debris = 15, .tiny_holes = 4, .seam = true});
    auto ours = clean_mesh(arch, {});
    auto vtk = clean_mesh_with_vtk(arch, {});
    ASSERT_TRUE(ours);
    ASSERT_TRUE(vtk) << vtk.error().to_string();
    EXPECT_EQ(ours->report.removed_islands, vtk->report.removed_islands);
    EXPECT_EQ(ours->report.components, vtk->report.components);
    EXPECT_NEAR(total_area(ours->mesh), total_area(vtk->mesh), 0.01 * total_area(vtk->mesh));
}

TEST(VtkOracle, RealArchTeethAndNormalsAgree) {
    auto loaded = read_mesh(test::scan_path("Ref_Lower_Mesh_Tag=1.obj"));
    ASSERT_TRUE(loaded);
    auto ours = clean_mesh(loaded->mesh, {});
    auto vtk = clean_mesh_with_vtk(loaded->mesh, {});
    ASSERT_TRUE(ours);
    ASSERT_TRUE(vtk);
    EXPECT_EQ(ours->report.components, vtk->report.components);
    EXPECT_EQ(ours->report.removed_islands, vtk->report.removed_islands);
    EXPECT_EQ(ours->mesh.triangles.size(), vtk->mesh.triangles.size());
    // Closed teeth: our outward normals and VTK's consistent normals should mostly coincide
    // (VTK orients each region from one seed, so allow a few regions to disagree).
    ASSERT_TRUE(vtk->mesh.has_normals());
    double ours_sum = 0, vtk_sum = 0;
    for (size_t i = 0; i < ours->mesh.positions.size(); ++i) {
        const Vec3& n = ours->mesh.normals[i];
        const Vec3& p = ours->mesh.positions[i];
        ours_sum += n.x * p.x + n.z * p.z;  // outward from the arch centre, roughly
    }
    for (size_t i = 0; i < vtk->mesh.positions.size(); ++i) {
        const Vec3& n = vtk->mesh.normals[i];
        const Vec3& p = vtk->mesh.positions[i];
        vtk_sum += n.x * p.x + n.z * p.z;
    }
    EXPECT_GT(ours_sum, 0.0);
    EXPECT_NEAR(std::abs(vtk_sum), ours_sum, 0.2 * ours_sum);
}

TEST(VtkOracle, DecimationReachesASimilarSizeAndStaysClose) {
    Mesh arch = test::make_arch({.along = 300, .across = 100});
    auto vtk = decimate_with_vtk(arch, 20'000);
    ASSERT_TRUE(vtk);
    CleanOptions options;
    options.target_triangles = 20'000;
    auto ours = clean_mesh(arch, options);
    ASSERT_TRUE(ours);
    EXPECT_NEAR(double(ours->mesh.triangles.size()), double(vtk->triangles.size()), 2'000.0);
    EXPECT_NEAR(total_area(ours->mesh), total_area(*vtk), 0.01 * total_area(*vtk));
}

}  // namespace
}  // namespace intake::mesh
