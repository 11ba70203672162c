// SurfaceIndex against brute force on a real arch, and the sign convention on closed shells.
#include "mesh/analysis/surface_index.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "arch_fixtures.h"

namespace intake::mesh {
namespace {

// Exact point-triangle distance by brute force over every triangle, in double.
double brute_force_distance(const Mesh& mesh, const SurfaceIndex& index, const Vec3d& p) {
    double best = std::numeric_limits<double>::infinity();
    for (uint32_t t = 0; t < mesh.triangles.size(); ++t) {
        best = std::min(best, index.triangle_distance(t, p));
    }
    return best;
}

TEST(SurfaceIndex, MatchesBruteForceOnTheRealArch) {
    const Mesh arch = testing::load_arch("Ref_Lower_Mesh_Tag=0.obj");
    ASSERT_FALSE(arch.empty());
    const SurfaceIndex index(arch);
    std::mt19937 rng(11);
    std::uniform_int_distribution<size_t> pick(0, arch.positions.size() - 1);
    std::normal_distribution<double> g(0, 1.5);
    for (int i = 0; i < 60; ++i) {
        const Vec3d p = to_d(arch.positions[pick(rng)]) + Vec3d{g(rng), g(rng), g(rng)};
        const SurfaceHit hit = index.closest(p);
        ASSERT_TRUE(hit.found);
        EXPECT_NEAR(hit.distance, brute_force_distance(arch, index, p), 1e-5) << "query " << i;
        EXPECT_NEAR(norm(hit.point - p), hit.distance, 1e-5);
    }
}

TEST(SurfaceIndex, SignIsNegativeInsideAToothAndPositiveOutside) {
    const Mesh arch = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    ASSERT_FALSE(arch.empty());
    const SurfaceIndex index(arch);
    const auto normals = angle_weighted_normals(arch);
    int checked = 0;
    for (size_t v = 0; v < arch.positions.size(); v += 997) {
        const Vec3d p = to_d(arch.positions[v]), n = to_d(normals[v]);
        const SurfaceHit out = index.closest(p + n * 0.05);
        const SurfaceHit in = index.closest(p - n * 0.05);
        EXPECT_GT(out.signed_distance, 0) << "vertex " << v;
        EXPECT_LT(in.signed_distance, 0) << "vertex " << v;
        ++checked;
    }
    EXPECT_GT(checked, 40);
}

TEST(SurfaceIndex, RadiusLimitReportsNothingBeyondIt) {
    const Mesh arch = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    const SurfaceIndex index(arch);
    const Vec3d far{0, 500, 0};
    EXPECT_FALSE(index.closest(far, 10.0).found);
    EXPECT_TRUE(index.closest(far).found);
}

TEST(SurfaceIndex, EmptyMeshFindsNothing) {
    const SurfaceIndex index(Mesh{});
    EXPECT_FALSE(index.closest({0, 0, 0}).found);
}

}  // namespace
}  // namespace intake::mesh
