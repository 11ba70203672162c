// The hole invariant as a property over thousands of generated holes: after `clean`, every
// boundary loop is the border or a reported void, `holes.filled` counts loops actually
// closed, no edge is run twice in the same direction, and a second clean changes nothing.
#include <gtest/gtest.h>

#include <cstring>

#include "hole_cases.h"
#include "mesh/clean.h"
#include "mesh/clean/boundary_audit.h"
#include "synthetic_arch.h"

namespace intake::mesh {
namespace {

CleanOptions patch_options() {
    CleanOptions o;
    o.convert_units = false;  // a 10 mm patch is not an arch in centimetres
    o.compute_normals = false;
    return o;
}

struct Totals {
    size_t cases = 0, holes = 0, filled = 0, zipped = 0, fanned = 0, unfillable = 0, large = 0;
};

void check_case(uint64_t seed, Totals& totals) {
    test::HoleCase hc = test::make_hole_case(seed);
    const CleanOptions options = patch_options();
    BoundaryAudit before = audit_boundary(hc.mesh, {}, options.border_min_perimeter_mm);
    auto first = clean_mesh(hc.mesh, options);
    ASSERT_TRUE(first) << first.error().to_string();
    const CleanReport& r = first->report;
    BoundaryAudit after = audit_boundary(first->mesh, r.voids, options.border_min_perimeter_mm);
    SCOPED_TRACE("seed " + std::to_string(seed) + ": " + r.to_json().dump());
    ASSERT_TRUE(after.unaccounted.empty())
        << after.unaccounted.size() << " open loops neither border nor void, first of "
        << after.unaccounted.front().perimeter_mm << " mm";
    EXPECT_EQ(after.open_chains, 0u);
    EXPECT_EQ(after.same_direction_edges, 0u);
    EXPECT_EQ(after.folded_edges, 0u);  // gentle waves: a fold can only be a patch turned over
    EXPECT_EQ(after.nonmanifold_edges, 0u);
    EXPECT_EQ(after.borders, r.borders);
    EXPECT_EQ(after.voids, r.voids.size());
    // Every interior loop of the input is either closed (and counted) or reported. (A blob
    // can cut a speck loose; removing it as debris merges loops, so those cases are skipped.)
    size_t interior = before.unaccounted.size();
    if (r.removed_islands == 0) {
        EXPECT_EQ(r.holes_filled + r.voids.size(), interior);
    }
    size_t unfillable = 0;
    for (const VoidReport& v : r.voids) unfillable += v.kind == "unfillable";
    EXPECT_EQ(r.holes_filled + unfillable, r.small_holes);

    auto second = clean_mesh(first->mesh, options);
    ASSERT_TRUE(second);
    const CleanReport& r2 = second->report;
    EXPECT_EQ(r2.holes_filled, 0u);
    EXPECT_EQ(r2.removed_degenerate + r2.removed_duplicate + r2.removed_nonmanifold, 0u);
    EXPECT_EQ(r2.welded_vertices, 0u);
    EXPECT_EQ(r2.flipped_faces, 0u);
    EXPECT_EQ(r2.voids.size(), r.voids.size());
    ASSERT_EQ(second->mesh.triangles, first->mesh.triangles);
    ASSERT_EQ(second->mesh.positions.size(), first->mesh.positions.size());
    EXPECT_EQ(0, std::memcmp(second->mesh.positions.data(), first->mesh.positions.data(),
                             first->mesh.positions.size() * sizeof(Vec3)));
    ++totals.cases;
    totals.holes += interior;
    totals.filled += r.holes_filled;
    totals.zipped += r.holes_zipped;
    totals.fanned += r.holes_fanned;
    totals.unfillable += unfillable;
    totals.large += r.voids.size() - unfillable;
}

TEST(HoleProperty, EveryLoopIsBorderOrVoidAndCleanIsIdempotent) {
    Totals totals;
    for (uint64_t seed = 1; seed <= 300; ++seed) {
        check_case(seed, totals);
        if (HasFatalFailure()) return;
    }
    std::printf(
        "%zu cases, %zu holes: %zu filled (%zu zipped, %zu fanned), %zu unfillable voids, "
        "%zu large voids\n",
        totals.cases, totals.holes, totals.filled, totals.zipped, totals.fanned, totals.unfillable,
        totals.large);
    EXPECT_GE(totals.holes, 2000u);
    // The fills must be the rule, not the exception.
    EXPECT_GE(totals.filled, totals.holes * 9 / 10);
}

// The benchmark's arch (flipped faces, seam, degenerate and duplicate faces, 30 small holes):
// the fills are wound like the surface, so no edge is run twice in the same direction.
TEST(HoleProperty, FillsOnAFlippedArchAreWoundLikeTheSurface) {
    test::PlantedDefects planted;
    Mesh arch = test::make_arch(test::kBenchmarkArch, &planted);
    auto cleaned = clean_mesh(std::move(arch), CleanOptions{});
    ASSERT_TRUE(cleaned);
    const CleanReport& r = cleaned->report;
    EXPECT_EQ(r.holes_filled, r.small_holes);
    EXPECT_GE(r.holes_filled, planted.tiny_holes);
    BoundaryAudit audit = audit_boundary(cleaned->mesh, r.voids, 30.0);
    EXPECT_EQ(audit.same_direction_edges, 0u);
    EXPECT_EQ(audit.folded_edges, 0u);
    EXPECT_EQ(audit.nonmanifold_edges, 0u);
    EXPECT_TRUE(audit.unaccounted.empty());
    EXPECT_EQ(audit.borders, 1u);
}

}  // namespace
}  // namespace intake::mesh
