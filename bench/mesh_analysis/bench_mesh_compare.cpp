// bench_mesh_compare: a real arch subdivided to ~341k triangles (before) and a moved, perturbed
// copy (after: 4° rotation, 2 mm shift, 0.02 mm noise) registered and compared by
// intake::mesh::compare_scans, then by VTK (vtkIterativeClosestPointTransform, point-to-point on
// the same number of landmarks, followed by vtkDistancePolyDataFilter on every after vertex).
// Prints medians, the ratio, and checks that both transforms and deviations agree.
//   bench_mesh_compare [scan.obj] [runs] [--ours-only]
// --ours-only skips VTK (for profiling ours with perf; prints no ratio).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "mesh/analysis/compare.h"
#include "mesh/mesh_io.h"
#include "mesh/vtk_compare_reference.h"

using namespace intake::mesh;

namespace {

double since_ms(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

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

RigidTransform rigid_from(const VtkCompareResult& vtk) {
    RigidTransform t;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) t.r[i][j] = vtk.matrix[i][j];
    t.t = {vtk.matrix[0][3], vtk.matrix[1][3], vtk.matrix[2][3]};
    return t;
}

// Process CPU time (all threads): on a shared, overloaded machine wall time measures the
// neighbours; CPU time measures the work.
double cpu_ms() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const std::string scan =
        argc > 1 && *argv[1] ? argv[1] : INTAKE_TESTDATA_DIR "/scans/Ref_Upper_Mesh_Tag=0.obj";
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    const bool ours_only = argc > 3 && std::string(argv[3]) == "--ours-only";
    auto loaded = read_mesh(scan);
    if (!loaded) {
        std::fprintf(stderr, "bench_mesh_compare: %s\n", loaded.error().message.c_str());
        return 3;
    }
    const Mesh before = subdivide(loaded->mesh);
    Mesh after = before;
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0, 0.02);
    for (auto& p : after.positions) p = to_f(to_d(p) + Vec3d{noise(rng), noise(rng), noise(rng)});
    const RigidTransform truth =
        from_axis_angle(normalized({0.2, 1, 0.3}) * (4.0 * M_PI / 180), {2, -0.5, 1});
    after = transformed(after, truth);
    std::printf("before %zu triangles / %zu vertices, after %zu / %zu\n", before.triangle_count(),
                before.vertex_count(), after.triangle_count(), after.vertex_count());

    std::vector<double> ours_ms, ours_cpu;
    CompareReport ours;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpu_ms();
        auto report = compare_scans(before, after);
        ours_ms.push_back(since_ms(t0));
        ours_cpu.push_back(cpu_ms() - c0);
        ours = std::move(*report);
    }
    std::printf(
        "intake compare_scans: median %.1f ms over %d runs (index %.1f, registration %.1f, "
        "deviation %.1f, summary %.1f ms in the last)\n",
        median(ours_ms), runs, ours.index_ms, ours.registration_ms, ours.deviation_ms,
        ours.summary_ms);
    std::printf("  CPU time (both threads): median %.1f ms\n", median(ours_cpu));
    std::printf("  rms %.4f mm over %zu/%zu points, %d iterations\n", ours.registration.rms_mm,
                ours.registration.kept, ours.registration.used, ours.registration.iterations);

    if (ours_only) return 0;
    const VtkCompareReference reference(before, after);  // conversion not timed
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_ms();
    const VtkCompareResult vtk = reference.run(static_cast<int>(ours.registration.used));
    const double vtk_ms = since_ms(t0), vtk_cpu = cpu_ms() - c0;
    const RigidTransform vtk_transform = rigid_from(vtk);
    std::printf(
        "VTK ICP + vtkDistancePolyDataFilter: %.1f ms (ICP %.1f, distance %.1f), CPU %.1f ms\n",
        vtk_ms, vtk.icp_ms, vtk.distance_ms, vtk_cpu);

    // Agreement: where each transform sends the after vertices, and the per-vertex |deviation|.
    double t_sum = 0, truth_sum = 0;
    std::vector<double> dev_diff;
    for (size_t i = 0; i < after.positions.size(); ++i) {
        const Vec3d p = to_d(after.positions[i]);
        const Vec3d d = ours.registration.transform.apply(p) - vtk_transform.apply(p);
        const Vec3d e = ours.registration.transform.apply(p) - inverse(truth).apply(p);
        t_sum += dot(d, d), truth_sum += dot(e, e);
        if (i < vtk.deviation.size())
            dev_diff.push_back(std::abs(std::abs(ours.deviation[i]) - std::abs(vtk.deviation[i])));
    }
    const double t_rms = std::sqrt(t_sum / static_cast<double>(after.positions.size()));
    const double truth_rms = std::sqrt(truth_sum / static_cast<double>(after.positions.size()));
    const double dev_median = median(dev_diff);
    const double ratio = vtk_ms / median(ours_ms);
    std::printf(
        "agreement: transforms differ by %.4f mm RMS, |deviation| differs by %.4f mm (median); "
        "ours vs truth %.4f mm RMS\n",
        t_rms, dev_median, truth_rms);
    std::printf(
        "ratio VTK / intake: %.1fx wall, %.1fx CPU (target >= 10x); intake %.1f ms wall "
        "(target < 300 ms)\n",
        ratio, vtk_cpu / median(ours_cpu), median(ours_ms));
    const bool agree = t_rms < 0.02 && dev_median < 0.01 && truth_rms < 0.02 &&
                       vtk.deviation.size() == after.positions.size();
    std::printf("%s\n", agree ? "results agree" : "RESULTS DISAGREE");
    return agree ? 0 : 1;
}
