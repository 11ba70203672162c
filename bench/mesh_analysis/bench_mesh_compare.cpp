// bench_mesh_compare: a real arch subdivided to ~341k triangles (before) and a moved, perturbed
// copy (after: 4° rotation, 2 mm shift, 0.02 mm noise) registered and compared by
// intake::mesh::compare_scans, then by VTK (vtkIterativeClosestPointTransform, point-to-point on
// the same number of landmarks, followed by vtkDistancePolyDataFilter on every after vertex).
// Fairness (bench/support/compare.h): the same runs, interleaved; both meshes are converted to
// vtkPolyData once, before any timing, and VTK's output is copied out after it; both ICPs stop on
// the same rule (an iteration that moves the points by less than RegistrationOptions::
// converged_mm; VTK measures it as an RMS, ours as a maximum, which is the stricter); the
// transforms and per-vertex deviations of both sides are compared, and the true move is known.
//   bench_mesh_compare [--quick] [--runs N] [--ours-only] [scan.obj]
// --quick decimates the scan to 20k triangles instead of subdividing it; --ours-only skips VTK (for
// profiling ours).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "compare.h"
#include "mesh/analysis/compare.h"
#include "mesh/analysis/registration.h"
#include "mesh/clean/decimate.h"
#include "mesh/mesh_io.h"
#include "mesh/oracle/vtk_compare_reference.h"
#include "options.h"

using namespace intake::mesh;
namespace bench = intake::bench;

namespace {

// Midpoint subdivision: every triangle becomes four (shared edges share their midpoint).
Mesh subdivide(const Mesh& m) {
    Mesh out;
    out.positions = m.positions;
    std::unordered_map<uint64_t, uint32_t> mid;
    auto midpoint = [&](uint32_t a, uint32_t b) -> uint32_t {
        const uint64_t key = (uint64_t{std::min(a, b)} << 32) | std::max(a, b);
        if (auto it = mid.find(key); it != mid.end()) return it->second;
        const Vec3 &pa = m.positions[a], &pb = m.positions[b];
        out.positions.push_back({(pa.x + pb.x) / 2, (pa.y + pb.y) / 2, (pa.z + pb.z) / 2});
        return mid[key] = static_cast<uint32_t>(out.positions.size() - 1);
    };
    for (const auto& t : m.triangles) {
        const uint32_t ab = midpoint(t[0], t[1]), bc = midpoint(t[1], t[2]),
                       ca = midpoint(t[2], t[0]);
        out.triangles.push_back({t[0], ab, ca});
        out.triangles.push_back({ab, t[1], bc});
        out.triangles.push_back({ca, bc, t[2]});
        out.triangles.push_back({ab, bc, ca});
    }
    return out;
}

RigidTransform rigid_from(const oracle::VtkCompareResult& vtk) {
    RigidTransform t;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) t.r[i][j] = vtk.matrix[i][j];
    t.t = {vtk.matrix[0][3], vtk.matrix[1][3], vtk.matrix[2][3]};
    return t;
}

double rms_apart(const std::vector<Vec3>& points, const RigidTransform& a,
                 const RigidTransform& b) {
    double sum = 0;
    for (const Vec3& p : points) {
        const Vec3d d = a.apply(to_d(p)) - b.apply(to_d(p));
        sum += dot(d, d);
    }
    return std::sqrt(sum / static_cast<double>(points.size()));
}

double median_abs_difference(const std::vector<float>& a, const std::vector<float>& b) {
    std::vector<double> diff;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
        diff.push_back(std::abs(std::abs(a[i]) - std::abs(b[i])));
    return bench::spread(diff).median;
}

// Agreement of the two sides' answers, and of ours with the true move. Returns the failures.
int check_agreement(const Mesh& after, const CompareReport& ours,
                    const oracle::VtkCompareResult& vtk, const RigidTransform& truth) {
    bench::Checks checks;
    const RigidTransform vtk_transform = rigid_from(vtk);
    const double apart = rms_apart(after.positions, ours.registration.transform, vtk_transform);
    const double ours_truth =
        rms_apart(after.positions, ours.registration.transform, inverse(truth));
    const double vtk_truth = rms_apart(after.positions, vtk_transform, inverse(truth));
    const double dev = median_abs_difference(ours.deviation, vtk.deviation);
    std::printf(
        "  iterations: ours %d (rms %.4f mm), VTK %d (last RMS change %.5f mm)\n"
        "  agreement: transforms %.4f mm RMS apart (target 0.002), |deviation| differs by %.4f mm "
        "(median); from the true move: ours %.4f mm, VTK %.4f mm RMS\n",
        ours.registration.iterations, ours.registration.rms_mm, vtk.iterations,
        vtk.last_rms_change_mm, apart, dev, ours_truth, vtk_truth);
    checks.expect(vtk.deviation.size() == after.positions.size(), "VTK measured every vertex");
    checks.expect(apart < 0.02, "the two transforms agree within 0.02 mm RMS");
    checks.expect(dev < 0.01, "the deviations agree within 0.01 mm (median)");
    checks.expect(ours_truth < 0.02, "ours is within 0.02 mm of the true move");
    return checks.failures();
}

}  // namespace

int main(int argc, char** argv) {
    const bench::Options opts = bench::parse_options(argc, argv);
    bool ours_only = false;
    std::string scan = INTAKE_TESTDATA_DIR "/scans/Ref_Upper_Mesh_Tag=0.obj";
    for (const std::string& arg : opts.rest) {
        if (arg == "--ours-only")
            ours_only = true;
        else
            scan = arg;
    }
    auto loaded = read_mesh(scan);
    if (!loaded) {
        std::fprintf(stderr, "bench_mesh_compare: %s\n", loaded.error().message.c_str());
        return 3;
    }
    bench::print_machine();
    Mesh before = loaded->mesh;
    if (opts.quick) {
        (void)decimate_mesh(before, 20'000);  // the checks on a small arch: seconds, not minutes
    } else {
        before = subdivide(before);
    }
    Mesh after = before;
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0, 0.02);
    for (auto& p : after.positions) p = to_f(to_d(p) + Vec3d{noise(rng), noise(rng), noise(rng)});
    const RigidTransform truth =
        from_axis_angle(normalized({0.2, 1, 0.3}) * (4.0 * M_PI / 180), {2, -0.5, 1});
    after = transformed(after, truth);
    std::printf("before %zu triangles / %zu vertices, after %zu / %zu\n", before.triangle_count(),
                before.vertex_count(), after.triangle_count(), after.vertex_count());

    const CompareOptions options;
    std::optional<CompareReport> ours;
    std::vector<bench::Side> sides{{"intake compare_scans", [&] {
                                        auto r = compare_scans(before, after, options);
                                        if (r) ours = std::move(*r);
                                    }}};
    // The same landmark count as our fine ICP's samples, and the same stopping threshold.
    const int landmarks =
        static_cast<int>(sample_points(after, options.registration.samples).size());
    std::optional<oracle::VtkCompareReference> vtk;
    if (!ours_only) {
        vtk.emplace(before, after);  // conversion to vtkPolyData, before any timing
        sides.push_back({"VTK ICP + distance filter",
                         [&] { vtk->run(landmarks, options.registration.converged_mm, 500); }});
    }
    const auto samples = bench::run_interleaved(opts.runs, sides);
    bench::print_comparison("register + compare", samples);
    if (!ours) return std::fprintf(stderr, "compare_scans failed\n"), 1;
    std::printf(
        "  ours: index %.1f, registration %.1f, deviation %.1f, summary %.1f ms (last run)\n",
        ours->index_ms, ours->registration_ms, ours->deviation_ms, ours->summary_ms);
    if (ours_only) return 0;
    bench::Checks checks;
    checks.expect(ours->registration.used == size_t(landmarks),
                  "VTK used as many landmarks as ours");
    const int failed = check_agreement(after, *ours, vtk->result(), truth);
    checks.expect(failed == 0, "ours and VTK's answers agree");
    return checks.exit_code();
}
