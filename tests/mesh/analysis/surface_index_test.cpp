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

// Small meshes exercise the wide tree's edge cases: a root that is a leaf, nodes with two or
// three children, empty slots. Every size must still agree with brute force, bounded or not.
TEST(SurfaceIndex, SmallMeshesOfEverySizeMatchBruteForce) {
    const Mesh arch = testing::load_arch("Ref_Lower_Mesh_Tag=0.obj");
    ASSERT_GT(arch.triangles.size(), 40u);
    std::mt19937 rng(5);
    std::normal_distribution<double> g(0, 0.8);
    for (size_t n = 1; n <= 40; ++n) {
        Mesh small;
        small.positions = arch.positions;
        small.triangles.assign(arch.triangles.begin() + 1000, arch.triangles.begin() + 1000 + n);
        const SurfaceIndex index(small);
        ASSERT_EQ(index.triangle_count(), n);
        for (int i = 0; i < 20; ++i) {
            const Vec3d p =
                to_d(small.positions[small.triangles[i % n][0]]) + Vec3d{g(rng), g(rng), g(rng)};
            const double truth = brute_force_distance(small, index, p);
            const SurfaceHit hit = index.closest(p);
            ASSERT_TRUE(hit.found);
            EXPECT_NEAR(hit.distance, truth, 1e-5) << n << " triangles, query " << i;
            const double bound = i % 2 ? truth * 0.9 : truth * 1.1;  // just below / above
            const SurfaceHit bounded = index.closest(p, bound);
            EXPECT_EQ(bounded.found, bound > truth) << n << " triangles, query " << i;
        }
    }
}

TEST(SurfaceIndex, EmptyMeshFindsNothing) {
    const SurfaceIndex index(Mesh{});
    EXPECT_FALSE(index.closest({0, 0, 0}).found);
}

}  // namespace
}  // namespace intake::mesh
