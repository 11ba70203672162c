// Decimation keeps what a lab receives a sound surface: manifold, consistently wound, unfolded,
// and close to the scan. Counted by the boundary audit, independently of the collapse checks.
#include "mesh/clean/decimate.h"

#include <gtest/gtest.h>

#include "mesh/clean.h"
#include "mesh/clean/boundary_audit.h"
#include "mesh/info.h"
#include "mesh/mesh_io.h"
#include "synthetic_arch.h"
#include "test_paths.h"

namespace intake::mesh {
namespace {

void expect_sound(const Mesh& mesh, const char* what) {
    BoundaryAudit audit = audit_boundary(mesh, {}, 0.0);
    EXPECT_EQ(audit.nonmanifold_edges, 0u) << what;
    EXPECT_EQ(audit.folded_edges, 0u) << what;
    EXPECT_EQ(audit.same_direction_edges, 0u) << what;
    EXPECT_EQ(audit.open_chains, 0u) << what;
}

// The benchmark's 1.02 M-triangle arch (the one that showed 534 non-manifold and ~1900 folded
// edges with the previous simplifier) cleaned and decimated to a 300 k budget.
TEST(Decimate, BenchmarkArchStaysManifoldAndUnfoldedAtTheBudget) {
    Mesh arch = test::make_arch(test::kBenchmarkArch);
    CleanOptions options;
    options.target_triangles = 300'000;
    auto cleaned = clean_mesh(std::move(arch), options);
    ASSERT_TRUE(cleaned);
    const CleanReport& r = cleaned->report;
    ASSERT_TRUE(r.decimated);
    EXPECT_LE(r.output_triangles, 300'000u);
    EXPECT_GT(r.output_triangles, 290'000u);  // the budget is met, not undershot
    EXPECT_LE(r.decimation_mean_deviation_mm, 0.02);
    EXPECT_EQ(r.decimation_faults.nonmanifold_edges, 0u);
    EXPECT_EQ(r.decimation_faults.folded_edges, 0u);
    EXPECT_EQ(r.decimation_faults.same_direction_edges, 0u);
    expect_sound(cleaned->mesh, "benchmark arch");
    MeshInfo info = describe_mesh(cleaned->mesh);
    EXPECT_EQ(info.nonmanifold_edges, 0u);
    EXPECT_EQ(info.components, 1u);
    EXPECT_EQ(info.boundary_loops, 1u);  // the border, locked: holes were filled before
    EXPECT_EQ(r.borders, 1u);
    EXPECT_NE(r.verdict, Verdict::fail);
}

// The real arches (14 tooth shells each) to a third of their triangles.
TEST(Decimate, RealArchesStaySoundAtAThird) {
    for (const char* name : test::kArches) {
        auto loaded = read_mesh(test::scan_path(name));
        ASSERT_TRUE(loaded);
        CleanOptions plain;
        auto base = clean_mesh(loaded->mesh, plain);
        ASSERT_TRUE(base);
        const size_t target = base->mesh.triangles.size() / 3;
        Mesh mesh = base->mesh;
        DecimateResult d = decimate_mesh(mesh, target);
        ASSERT_TRUE(d.done) << name;
        EXPECT_LE(mesh.triangles.size(), target) << name;
        EXPECT_LE(d.mean_deviation_mm, 0.02) << name;
        EXPECT_EQ(d.faults_after.nonmanifold_edges, 0u) << name;
        // The scans come with a few folds on sharp ridges; collapses may remove, never add.
        EXPECT_LE(d.faults_after.folded_edges, d.faults_before.folded_edges) << name;
        EXPECT_EQ(d.faults_after.same_direction_edges, 0u) << name;
        EXPECT_EQ(describe_mesh(mesh).components, describe_mesh(base->mesh).components) << name;
        EXPECT_EQ(describe_mesh(mesh).boundary_loops, describe_mesh(base->mesh).boundary_loops)
            << name;
    }
}

TEST(Decimate, BordersAndVoidRimsDoNotMove) {
    Mesh arch = test::make_arch({.along = 300, .across = 90, .large_holes = 2});
    auto base = clean_mesh(std::move(arch), CleanOptions{});
    ASSERT_TRUE(base);
    Mesh mesh = base->mesh;
    DecimateResult d = decimate_mesh(mesh, mesh.triangles.size() / 4);
    ASSERT_TRUE(d.done);
    expect_sound(mesh, "arch with voids");
    BoundaryAudit before = audit_boundary(base->mesh, base->report.voids, 30.0);
    BoundaryAudit after = audit_boundary(mesh, base->report.voids, 30.0);
    EXPECT_EQ(after.borders, before.borders);
    EXPECT_EQ(after.voids, base->report.voids.size());  // the same rim vertices, still open
    EXPECT_TRUE(after.unaccounted.empty());
}

// The report cannot stay quiet about a decimation that broke the surface.
TEST(Decimate, FaultsAddedByDecimationFailTheReport) {
    CleanReport r;
    r.decimated = true;
    r.bbox_mm = {60, 50, 20};
    r.decimation_faults_before.folded_edges = 2;
    r.decimation_faults = {.nonmanifold_edges = 3, .folded_edges = 2};
    judge_report(r, CleanOptions{});
    EXPECT_EQ(r.verdict, Verdict::fail);
    ASSERT_FALSE(r.reasons.empty());
    EXPECT_NE(r.reasons.back().find("decimation added 3 non-manifold edges"), std::string::npos)
        << r.reasons.back();
    EXPECT_EQ(r.reasons.back().find("folded"), std::string::npos);  // the input's own two

    CleanReport sound;
    sound.decimated = true;
    sound.bbox_mm = {60, 50, 20};
    sound.decimation_faults_before.folded_edges = 2;
    sound.decimation_faults.folded_edges = 2;
    judge_report(sound, CleanOptions{});
    EXPECT_EQ(sound.verdict, Verdict::pass);
    auto j = sound.to_json();
    EXPECT_EQ(j["decimation"]["folded_edges"], 2);
    EXPECT_EQ(j["decimation"]["nonmanifold_edges"], 0);
    EXPECT_EQ(j["decimation"]["same_direction_edges"], 0);
}

}  // namespace
}  // namespace intake::mesh
