// Adjacency against a brute-force reference: every half-edge's opposite (boundary, the one
// other half-edge, or non-manifold) on seeded random soups dense enough to have edges shared by
// 1-5 triangles and vertices of valence above the 32-triangle fast-path limit; the vertex ->
// faces lists; and removal remapping done in place.
#include "mesh/adjacency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace intake::mesh {
namespace {

// Triangles with three distinct corners among `vertices` points; the positions do not matter.
Mesh random_soup(uint32_t vertices, size_t triangles, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<uint32_t> pick(0, vertices - 1);
    Mesh m;
    m.positions.assign(vertices, Vec3{});
    while (m.triangles.size() < triangles) {
        Triangle t{pick(rng), pick(rng), pick(rng)};
        if (t[0] != t[1] && t[1] != t[2] && t[0] != t[2]) m.triangles.push_back(t);
    }
    return m;
}

// A fan of `spokes` triangles around vertex 0, closed: valence above the fast path's limit.
Mesh closed_fan(uint32_t spokes) {
    Mesh m;
    m.positions.assign(spokes + 1, Vec3{});
    for (uint32_t i = 0; i < spokes; ++i) m.triangles.push_back({0, 1 + i, 1 + (i + 1) % spokes});
    return m;
}

std::vector<uint32_t> reference_opposites(const Mesh& m) {
    std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>> by_edge;
    for (uint32_t h = 0; h < 3 * m.triangles.size(); ++h) {
        uint32_t a = m.triangles[h / 3][h % 3], b = m.triangles[h / 3][(h % 3 + 1) % 3];
        by_edge[{std::min(a, b), std::max(a, b)}].push_back(h);
    }
    std::vector<uint32_t> out(3 * m.triangles.size());
    for (const auto& [edge, halves] : by_edge) {
        for (uint32_t h : halves) {
            out[h] = halves.size() == 1   ? kBoundaryEdge
                     : halves.size() == 2 ? (halves[0] == h ? halves[1] : halves[0])
                                          : kNonManifoldEdge;
        }
    }
    return out;
}

TEST(Adjacency, OppositesMatchBruteForceOnDenseSoups) {
    size_t boundary = 0, paired = 0, nonmanifold = 0;
    for (uint32_t seed = 1; seed <= 40; ++seed) {
        // 12-60 vertices, 2-6 triangles per vertex: shared edges of every multiplicity.
        const uint32_t vertices = 12 + seed % 49;
        const Mesh m = random_soup(vertices, vertices * (2 + seed % 5), seed);
        const std::vector<uint32_t> expected = reference_opposites(m);
        ASSERT_EQ(build_opposites(m, build_vertex_faces(m)), expected) << "seed " << seed;
        for (uint32_t o : expected) {
            boundary += o == kBoundaryEdge;
            nonmanifold += o == kNonManifoldEdge;
            paired += o < kNonManifoldEdge;
        }
    }
    // The soups exercise all three answers.
    EXPECT_GT(boundary, 100u);
    EXPECT_GT(paired, 100u);
    EXPECT_GT(nonmanifold, 100u);
}

TEST(Adjacency, HighValenceFanMatchesBruteForce) {
    for (uint32_t spokes : {3u, 31u, 32u, 33u, 100u}) {
        const Mesh m = closed_fan(spokes);
        EXPECT_EQ(build_opposites(m, build_vertex_faces(m)), reference_opposites(m)) << spokes;
    }
}

TEST(Adjacency, VertexFacesListEveryCornerAscending) {
    const Mesh m = random_soup(30, 150, 7);
    VertexFaces vf = build_vertex_faces(closed_fan(50));  // storage of another mesh, reused
    build_vertex_faces(m, vf);
    ASSERT_EQ(vf.offsets.size(), m.positions.size() + 1);
    for (uint32_t v = 0; v < m.positions.size(); ++v) {
        std::vector<uint32_t> expected;
        for (uint32_t f = 0; f < m.triangles.size(); ++f) {
            for (uint32_t c : m.triangles[f]) {
                if (c == v) expected.push_back(f);
            }
        }
        auto ring = vf.of(v);
        EXPECT_EQ(std::vector<uint32_t>(ring.begin(), ring.end()), expected) << "vertex " << v;
    }
}

TEST(Adjacency, RemapInPlaceEqualsRebuildAfterRemoval) {
    for (uint32_t seed = 1; seed <= 20; ++seed) {
        Mesh m = random_soup(40, 120, seed);
        std::vector<uint32_t> opposites = reference_opposites(m);
        std::vector<uint8_t> dead(m.triangles.size(), 0);
        std::mt19937 rng(seed);
        for (uint8_t& d : dead) d = rng() % 3 == 0;
        remap_opposites(opposites, dead);
        Mesh kept;
        kept.positions = m.positions;
        for (size_t t = 0; t < m.triangles.size(); ++t) {
            if (!dead[t]) kept.triangles.push_back(m.triangles[t]);
        }
        const std::vector<uint32_t> rebuilt = reference_opposites(kept);
        ASSERT_EQ(opposites.size(), rebuilt.size());
        for (size_t h = 0; h < rebuilt.size(); ++h) {
            // A non-manifold edge keeps its mark; a pair that lost a partner becomes boundary.
            if (opposites[h] == kNonManifoldEdge) continue;
            EXPECT_EQ(opposites[h], rebuilt[h]) << "seed " << seed << " half-edge " << h;
        }
    }
}

}  // namespace
}  // namespace intake::mesh
