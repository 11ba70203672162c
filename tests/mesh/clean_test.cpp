// The cleanup on the real arches (teeth survive, idempotent) and on planted defects.
#include "mesh/clean.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "mesh/components.h"
#include "mesh/info.h"
#include "mesh/mesh_io.h"
#include "synthetic_arch.h"
#include "test_paths.h"

namespace intake::mesh {
namespace {

using test::ArchSpec;
using test::PlantedDefects;

CleanResult clean_ok(Mesh mesh, const CleanOptions& options = {}) {
    auto r = clean_mesh(std::move(mesh), options);
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? std::move(r).value() : CleanResult{};
}

size_t teeth_sized_components(const Mesh& mesh) {
    uint32_t count = 0;
    auto labels = label_components(mesh, &count);
    size_t teeth = 0;
    for (double a : component_areas(mesh, labels, count)) teeth += a >= 90.0 && a <= 360.0;
    return teeth;
}

TEST(CleanRealArches, AllFourteenTeethSurviveAndCleaningTwiceChangesNothing) {
    for (const char* name : test::kArches) {
        auto loaded = read_mesh(test::scan_path(name));
        ASSERT_TRUE(loaded);
        CleanResult first = clean_ok(loaded->mesh);
        EXPECT_EQ(teeth_sized_components(first.mesh), 14u) << name;
        EXPECT_EQ(first.report.components, 14u) << name;
        EXPECT_EQ(first.report.borders, 0u) << name;
        EXPECT_TRUE(first.report.voids.empty()) << name;
        EXPECT_EQ(first.report.units, "mm");
        EXPECT_EQ(first.report.verdict, Verdict::pass) << first.report.to_json().dump();
        EXPECT_TRUE(first.mesh.has_normals());

        CleanResult second = clean_ok(first.mesh);
        EXPECT_EQ(second.report.welded_vertices, 0u) << name;
        EXPECT_EQ(second.report.removed_degenerate + second.report.removed_duplicate, 0u);
        EXPECT_EQ(second.report.removed_islands, 0u);
        EXPECT_EQ(second.report.flipped_faces, 0u);
        EXPECT_EQ(second.report.holes_filled, 0u);
        ASSERT_EQ(second.mesh.triangles, first.mesh.triangles) << name;
        ASSERT_EQ(second.mesh.positions.size(), first.mesh.positions.size());
        EXPECT_EQ(0, std::memcmp(second.mesh.positions.data(), first.mesh.positions.data(),
                                 first.mesh.positions.size() * sizeof(Vec3)));
    }
}

TEST(CleanRealArches, SpecksOnLowerTagOneAreDebrisNotTeeth) {
    auto loaded = read_mesh(test::scan_path("Ref_Lower_Mesh_Tag=1.obj"));
    ASSERT_TRUE(loaded);
    CleanResult r = clean_ok(loaded->mesh);
    EXPECT_EQ(r.report.removed_islands, 2u);
    EXPECT_EQ(r.report.components, 14u);
}

TEST(CleanRealArches, CleanedBinaryRoundTripsExactly) {
    auto loaded = read_mesh(test::scan_path("Ref_Upper_Mesh_Tag=1.obj"));
    ASSERT_TRUE(loaded);
    CleanResult r = clean_ok(loaded->mesh);
    auto dir = test::fresh_dir("clean_roundtrip");
    for (const char* file : {"c.stl", "c.ply"}) {
        ASSERT_TRUE(write_mesh(dir / file, r.mesh));
        auto back = read_mesh(dir / file);
        ASSERT_TRUE(back);
        ASSERT_EQ(back->mesh.triangles, r.mesh.triangles) << file;
        ASSERT_EQ(back->mesh.positions.size(), r.mesh.positions.size());
        EXPECT_EQ(0, std::memcmp(back->mesh.positions.data(), r.mesh.positions.data(),
                                 r.mesh.positions.size() * sizeof(Vec3)))
            << file;
    }
}

TEST(CleanDefects, DebrisIsRemovedAndTheArchKept) {
    PlantedDefects p;
    Mesh m = test::make_arch({.debris = 12}, &p);
    CleanResult r = clean_ok(m);
    EXPECT_EQ(r.report.removed_islands, p.debris);
    EXPECT_EQ(r.report.removed_island_triangles, 4 * p.debris);
    EXPECT_EQ(r.report.components, 1u);
    EXPECT_EQ(r.report.borders, 1u);
}

TEST(CleanDefects, TinyHolesAreFilledLargeOnesReportedAsVoids) {
    PlantedDefects p;
    Mesh m = test::make_arch({.tiny_holes = 5, .large_holes = 2}, &p);
    CleanResult r = clean_ok(m);
    EXPECT_EQ(r.report.holes_filled, p.tiny_holes);
    ASSERT_EQ(r.report.voids.size(), p.large_holes);
    EXPECT_EQ(r.report.borders, 1u);
    EXPECT_EQ(r.report.verdict, Verdict::fail);
    for (const VoidReport& v : r.report.voids) {
        EXPECT_GT(v.perimeter_mm, 3.0);
        EXPECT_LT(v.perimeter_mm, 30.0);
        EXPECT_GT(v.area_mm2, 0.5);
        EXPECT_EQ(v.boundary_vertices.size(), 32u);  // an 8x8 block of quads
        double best = 1e9;
        for (const Vec3& c : p.large_hole_centres) {
            best = std::min<double>(
                best, std::hypot(c.x - v.center.x, c.y - v.center.y, c.z - v.center.z));
        }
        EXPECT_LT(best, 1.0);
        for (uint32_t i : v.boundary_vertices) ASSERT_LT(i, r.mesh.positions.size());
    }
    // The filled mesh has exactly the border and the voids left open.
    MeshInfo info = describe_mesh(r.mesh);
    EXPECT_EQ(info.boundary_loops, 1 + p.large_holes);
    EXPECT_EQ(info.nonmanifold_edges, 0u);
}

TEST(CleanDefects, BorderIsNeverFilledEvenWithAHugeFillLimit) {
    CleanOptions options;
    options.max_fill_perimeter_mm = 20.0;  // still below the border threshold
    CleanResult r = clean_ok(test::make_arch({.large_holes = 1}), options);
    EXPECT_EQ(r.report.holes_filled, 1u);
    EXPECT_EQ(r.report.borders, 1u);
    EXPECT_TRUE(r.report.voids.empty());
}

TEST(CleanDefects, SeamVerticesAreWelded) {
    PlantedDefects p;
    CleanResult r = clean_ok(test::make_arch({.seam = true}, &p));
    EXPECT_EQ(r.report.welded_vertices, p.seam_vertices);
    EXPECT_EQ(r.report.borders, 1u);
    EXPECT_EQ(r.report.components, 1u);
}

TEST(CleanDefects, DegenerateDuplicateAndFlippedFaces) {
    PlantedDefects p;
    CleanResult r =
        clean_ok(test::make_arch({.degenerate = 10, .duplicates = 8, .flip_every = 97}, &p));
    EXPECT_EQ(r.report.removed_degenerate, p.degenerate);
    EXPECT_EQ(r.report.removed_duplicate, p.duplicates);
    EXPECT_EQ(r.report.flipped_faces, p.flipped);
    EXPECT_GT(p.flipped, 100u);
    EXPECT_EQ(r.report.orientation_conflicts, 0u);
    EXPECT_EQ(r.report.borders, 1u);
}

TEST(CleanDefects, OpenFlapsOnNonManifoldEdgesAreRemoved) {
    PlantedDefects p;
    CleanResult r = clean_ok(test::make_arch({.flaps = 3}, &p));
    EXPECT_EQ(r.report.nonmanifold_edges, p.flaps);
    EXPECT_EQ(r.report.removed_nonmanifold, p.flaps);
    EXPECT_EQ(describe_mesh(r.mesh).nonmanifold_edges, 0u);
    EXPECT_EQ(r.report.borders, 1u);
}

TEST(CleanDefects, MetresAreDetectedAndConverted) {
    CleanResult r = clean_ok(test::make_arch({.debris = 3, .scale = 0.001}));
    EXPECT_EQ(r.report.units, "m");
    EXPECT_DOUBLE_EQ(r.report.unit_scale, 1000.0);
    double width = std::max(r.report.bbox_mm[0], r.report.bbox_mm[2]);
    EXPECT_GT(width, 55.0);
    EXPECT_LT(width, 80.0);
    EXPECT_EQ(r.report.removed_islands, 3u);  // thresholds apply in millimetres
    EXPECT_EQ(r.report.verdict, Verdict::warn);
}

TEST(CleanDefects, DecimationMeetsTheBudgetWithSmallDeviation) {
    Mesh m = test::make_arch({.along = 400, .across = 120});
    CleanOptions options;
    options.target_triangles = 30'000;
    CleanResult r = clean_ok(m, options);
    EXPECT_TRUE(r.report.decimated);
    EXPECT_LE(r.report.output_triangles, 30'000u);
    EXPECT_GT(r.report.output_triangles, 20'000u);
    EXPECT_LT(r.report.decimation_mean_deviation_mm, 0.02);
    EXPECT_GT(r.report.decimation_max_deviation_mm, 0.0);
    EXPECT_EQ(r.report.borders, 1u);
}

TEST(CleanDefects, ReportHasTheContractKeys) {
    auto j = clean_ok(test::make_arch({.large_holes = 1})).report.to_json();
    for (const char* key : {"/input/vertices",
                            "/input/triangles",
                            "/output/vertices",
                            "/output/triangles",
                            "/welded_vertices",
                            "/removed/degenerate",
                            "/removed/duplicate",
                            "/removed/islands",
                            "/removed/island_triangles",
                            "/holes/filled",
                            "/holes/voids/0/perimeter_mm",
                            "/holes/voids/0/area_mm2",
                            "/holes/voids/0/center",
                            "/borders",
                            "/components",
                            "/flipped_faces",
                            "/units",
                            "/bbox_mm",
                            "/verdict",
                            "/reasons",
                            "/timings_ms/weld"}) {
        EXPECT_TRUE(j.contains(nlohmann::json::json_pointer(key))) << key;
    }
}

TEST(CleanOptionsValidation, RejectsNegativeThresholdsAndEmptyMeshes) {
    CleanOptions bad;
    bad.min_island_area_mm2 = -1;
    auto r = clean_mesh(test::make_arch({}), bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    auto empty = clean_mesh(Mesh{}, {});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, Errc::bad_input);
}

}  // namespace
}  // namespace intake::mesh
