// The fallbacks of the hole filler on hand-made loops: the fan when no triangulation of the
// polygon is allowed, the zip of a flat slit, and a loop nothing closes reported as a void.
#include "mesh/clean/hole_fill.h"

#include <gtest/gtest.h>

#include "mesh/clean/boundary_audit.h"
#include "mesh/clean/holes.h"

namespace intake::mesh {
namespace {

// A 0.6 mm square hole in a ring of eight triangles (outer square 3 mm, border 12 mm).
Mesh square_ring() {
    Mesh m;
    m.positions = {{0, 0, 0},         {0.6f, 0, 0},     {0.6f, 0.6f, 0}, {0, 0.6f, 0},
                   {-1.2f, -1.2f, 0}, {1.8f, -1.2f, 0}, {1.8f, 1.8f, 0}, {-1.2f, 1.8f, 0}};
    // Inner a b c d (0..3), outer A B C D (4..7); faces wound counter-clockwise seen from +z.
    m.triangles = {{4, 5, 1}, {4, 1, 0}, {5, 6, 2}, {5, 2, 1},
                   {6, 7, 3}, {6, 3, 2}, {7, 4, 0}, {7, 0, 3}};
    return m;
}

std::vector<uint32_t> hole_loop() { return {0, 3, 2, 1}; }  // as the ring's faces run it

TEST(HoleFill, PatchClosesASquareWoundLikeTheSurface) {
    Mesh m = square_ring();
    std::vector<std::vector<uint32_t>> loops{hole_loop()};
    FillContext ctx(m, loops);
    FillOutcome out = fill_hole(m, hole_loop(), ctx);
    ASSERT_TRUE(out.closed);
    EXPECT_STREQ(out.method, "patch");
    EXPECT_EQ(out.triangles_added, 2u);
    BoundaryAudit audit = audit_boundary(m, {}, 10.0);
    EXPECT_EQ(audit.loops, 1u);
    EXPECT_EQ(audit.borders, 1u);
    EXPECT_EQ(audit.same_direction_edges, 0u);
    EXPECT_EQ(audit.folded_edges, 0u);
}

TEST(HoleFill, FanWhenBothDiagonalsAlreadyExist) {
    Mesh m = square_ring();
    std::vector<std::vector<uint32_t>> loops{hole_loop()};
    FillContext ctx(m, loops);
    // Elsewhere in a real mesh: a and c, b and d already joined. Either diagonal would make an
    // edge with three faces, so only a fan around a new centre vertex closes the square.
    ctx.add_edge(0, 2);
    ctx.add_edge(1, 3);
    FillOutcome out = fill_hole(m, hole_loop(), ctx);
    ASSERT_TRUE(out.closed);
    EXPECT_STREQ(out.method, "fan");
    EXPECT_EQ(out.triangles_added, 4u);
    ASSERT_EQ(m.positions.size(), 9u);
    EXPECT_NEAR(m.positions[8].x, 0.3, 1e-6);
    EXPECT_NEAR(m.positions[8].y, 0.3, 1e-6);
    BoundaryAudit audit = audit_boundary(m, {}, 10.0);
    EXPECT_EQ(audit.loops, 1u);
    EXPECT_EQ(audit.same_direction_edges, 0u);
    EXPECT_EQ(audit.folded_edges, 0u);
}

TEST(HoleFill, FlatSlitIsZippedBySplittingTheFaceAcross) {
    // Two triangles share the edge 0-1 on one side; the other side was split at 2 (on that
    // edge): the loop 0 -> 2 -> 1 has zero area and no triangle can close it.
    Mesh m;
    m.positions = {{0, 0, 0}, {1, 0, 0}, {0.4f, 0, 0}, {0.5f, -1, 0}, {0.5f, 1, 0}};
    m.triangles = {{0, 3, 1}, {0, 2, 4}, {2, 1, 4}};
    std::vector<uint32_t> loop{0, 2, 1};  // 0->2 and 2->1 from the upper faces, 1->0 the lower
    std::vector<std::vector<uint32_t>> loops{loop};
    FillContext ctx(m, loops);
    FillOutcome out = fill_hole(m, loop, ctx);
    ASSERT_TRUE(out.closed);
    EXPECT_STREQ(out.method, "zip");
    EXPECT_EQ(out.triangles_added, 1u);
    EXPECT_EQ(m.positions.size(), 5u);  // no vertex added, none moved
    BoundaryAudit audit = audit_boundary(m, {}, 10.0);
    EXPECT_EQ(audit.loops, 1u);  // the outer border only
    EXPECT_EQ(audit.same_direction_edges, 0u);
    EXPECT_EQ(audit.nonmanifold_edges, 0u);
}

TEST(HoleFill, ALoopNothingClosesIsReportedAsAnUnfillableVoid) {
    // A loop folded back on its own line (0.2 -> 0.6 -> 0.4 -> 0.8 mm): no flat patch, no zip
    // (the sides are not monotone) and no fan (the centre lies on the line).
    Mesh m;
    m.positions = {{0.2f, 0, 0}, {0.6f, 0, 0}, {0.4f, 0, 0}, {0.8f, 0, 0}};
    std::vector<DirectedEdge> boundary{{0, 1}, {1, 2}, {2, 3}, {3, 0}};
    HoleResult r = process_holes(m, boundary, HoleOptions{}, true);
    EXPECT_EQ(r.small_holes, 1u);
    EXPECT_EQ(r.filled, 0u);
    EXPECT_TRUE(m.triangles.empty());
    ASSERT_EQ(r.voids.size(), 1u);
    EXPECT_EQ(r.voids[0].kind, "unfillable");
    EXPECT_NEAR(r.voids[0].perimeter_mm, 1.6, 1e-6);
}

TEST(HoleFill, HolesTouchingAtAVertexAreTracedAsTwoLoops) {
    // A figure-eight boundary through vertex 0: two triangles' worth of hole on each side.
    Mesh m;
    m.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {-1, 0, 0}, {0, -1, 0}};
    std::vector<DirectedEdge> boundary{{0, 1}, {1, 2}, {2, 0}, {0, 3}, {3, 4}, {4, 0}};
    size_t open = 0;
    std::vector<BoundaryLoop> loops = trace_boundary_loops(m, boundary, &open);
    EXPECT_EQ(open, 0u);
    ASSERT_EQ(loops.size(), 2u);
    EXPECT_EQ(loops[0].vertices.size(), 3u);
    EXPECT_EQ(loops[1].vertices.size(), 3u);
}

}  // namespace
}  // namespace intake::mesh
