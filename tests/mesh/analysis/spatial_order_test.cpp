// spatial_order (the query order for batches of nearest-surface queries) must be a permutation
// that keeps neighbours together.
#include "mesh/analysis/spatial_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "arch_fixtures.h"

namespace intake::mesh {
namespace {

TEST(SpatialOrder, IsAPermutationThatKeepsNeighboursClose) {
    const Mesh arch = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    Mesh shuffled = arch;
    std::mt19937 rng(9);
    std::shuffle(shuffled.positions.begin(), shuffled.positions.end(), rng);
    const auto order = spatial_order(shuffled.positions);
    ASSERT_EQ(order.size(), shuffled.positions.size());
    std::vector<uint32_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    std::vector<uint32_t> identity(order.size());
    std::iota(identity.begin(), identity.end(), 0u);
    EXPECT_EQ(sorted, identity);
    // Mean step between consecutive points: ordered far shorter than shuffled.
    auto mean_step = [&](auto index) {
        double sum = 0;
        for (size_t i = 1; i < order.size(); ++i) {
            sum +=
                norm(to_d(shuffled.positions[index(i)]) - to_d(shuffled.positions[index(i - 1)]));
        }
        return sum / static_cast<double>(order.size() - 1);
    };
    const double ordered = mean_step([&](size_t i) { return order[i]; });
    const double random = mean_step([](size_t i) { return i; });
    EXPECT_LT(ordered * 5, random);
    EXPECT_TRUE(spatial_order(std::vector<Vec3d>{}).empty());
    EXPECT_EQ(spatial_order(std::vector<Vec3d>{{1, 2, 3}}), (std::vector<uint32_t>{0}));
}

}  // namespace
}  // namespace intake::mesh
