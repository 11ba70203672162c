// bench_mesh_clean: our read → clean → normals against the stock VTK pipeline on a
// deterministic 1M-triangle arch-like surface with planted defects, from binary PLY and
// binary STL; the whole `intake mesh clean` process against a VTK program; 1M → 300k
// decimation against vtkQuadricDecimation. Prints each ratio (target figures in docs/mesh.md).
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "mesh/clean.h"
#include "mesh/clean/decimate.h"
#include "mesh/clean/deviation.h"
#include "mesh/mesh_io.h"
#include "mesh/vtk_reference.h"
#include "process_stats.h"
#include "synthetic_arch.h"

namespace fs = std::filesystem;
using namespace intake;
using namespace intake::mesh;
using bench::median;
using bench::time_ms;

namespace {

int g_failures = 0;

void expect(bool ok, const std::string& what) {
    if (!ok) {
        std::printf("CHECK FAILED: %s\n", what.c_str());
        ++g_failures;
    }
}

test::ArchSpec bench_spec() {
    // 1000 x 510 grid vertices: 1.02M triangles, like the measured anchor surface.
    return {.along = 1000,
            .across = 510,
            .debris = 200,
            .tiny_holes = 30,
            .large_holes = 0,
            .seam = true,
            .degenerate = 2000,
            .duplicates = 1000,
            .flip_every = 500};
}

void check_ours(const CleanReport& r, const test::PlantedDefects& p) {
    expect(r.removed_islands == p.debris, "ours removed every debris island");
    expect(r.holes_filled == p.tiny_holes, "ours filled every small hole");
    expect(r.borders == 1 && r.voids.empty(), "ours kept the border, found no voids");
    expect(r.removed_duplicate >= p.duplicates, "ours removed every duplicate face");
    expect(r.flipped_faces >= p.flipped - p.flipped / 100 && r.flipped_faces <= p.flipped,
           "ours re-oriented the flipped faces (some sit in removed holes)");
}

double bench_format(const fs::path& file, const test::PlantedDefects& planted, int runs) {
    std::vector<double> ours, vtk, ours_cpu, vtk_cpu;
    for (int i = 0; i < runs; ++i) {
        CleanReport report;
        auto t = bench::measure([&] {
            auto loaded = read_mesh(file);
            auto cleaned = clean_mesh(std::move(loaded->mesh), {});
            report = std::move(cleaned->report);
        });
        ours.push_back(t.wall_ms);
        ours_cpu.push_back(t.cpu_ms);
        if (i == 0) check_ours(report, planted);
    }
    for (int i = 0; i < std::max(1, runs / 2); ++i) {
        auto t = bench::measure([&] {
            auto cleaned = clean_file_with_vtk(file, {});
            expect(cleaned && cleaned->report.removed_islands == planted.debris,
                   "VTK removed the debris");
        });
        vtk.push_back(t.wall_ms);
        vtk_cpu.push_back(t.cpu_ms);
    }
    double ratio = median(vtk) / median(ours);
    std::printf(
        "%-4s read->clean->normals: ours %7.1f ms (cpu %7.1f)   vtk %7.1f ms (cpu %7.1f)   "
        "ratio_vs_vtk %5.1f (cpu %5.1f)\n",
        file.extension().c_str() + 1, median(ours), median(ours_cpu), median(vtk), median(vtk_cpu),
        ratio, median(vtk_cpu) / median(ours_cpu));
    return ratio;
}

struct ProcessRuns {
    std::vector<double> wall, cpu;
    double peak_rss_mb = 0;
    void add(const bench::ChildRun& run) {
        wall.push_back(run.wall_ms);
        cpu.push_back(run.cpu_ms);
        peak_rss_mb = std::max(peak_rss_mb, run.peak_rss_mb);
    }
};

ProcessRuns run_process(const std::vector<std::string>& argv, int runs, const std::string& what) {
    ProcessRuns out;
    for (int i = 0; i < runs; ++i) {
        auto run = bench::run_child(argv);
        expect(run.exit_code == 0, what + " exit 0");
        out.add(run);
    }
    return out;
}

// The headline ratio is against the stock VTK program, which does not fsync its output; ours
// always does (temp + fsync + rename + fsync of the folder: a product contract). The second
// ratio is against the same VTK program made durable with an fsync of the file and folder.
void bench_process(const fs::path& file, const fs::path& dir, int runs,
                   const std::string& intake_bin) {
    std::string vtk_bin =
        (fs::path(INTAKE_BINARY_DIR) / "bench/mesh/bench_mesh_vtk_clean").string();
    std::string ext = file.extension().string();
    std::string vtk_out = (dir / ("vtk" + ext)).string();
    ProcessRuns ours = run_process(
        {intake_bin, "mesh", "clean", file.string(), "-o", (dir / ("ours" + ext)).string()}, runs,
        "intake mesh clean");
    int vtk_runs = std::max(1, runs / 2);
    ProcessRuns vtk = run_process({vtk_bin, file.string(), vtk_out}, vtk_runs, "VTK program");
    ProcessRuns durable =
        run_process({vtk_bin, file.string(), vtk_out, "--fsync"}, vtk_runs, "VTK program + fsync");
    std::printf(
        "%-4s whole process: intake %7.1f ms (cpu %7.1f, %.0f MB peak)   vtk %7.1f ms (cpu %7.1f, "
        "%.0f MB peak)   ratio_vs_vtk %5.1f (cpu %5.1f)\n",
        ext.c_str() + 1, median(ours.wall), median(ours.cpu), ours.peak_rss_mb, median(vtk.wall),
        median(vtk.cpu), vtk.peak_rss_mb, median(vtk.wall) / median(ours.wall),
        median(vtk.cpu) / median(ours.cpu));
    std::printf(
        "%-4s whole process, VTK program also fsyncing its output: vtk %7.1f ms (cpu %7.1f)   "
        "ratio_vs_vtk_fsync %5.1f (cpu %5.1f)\n",
        ext.c_str() + 1, median(durable.wall), median(durable.cpu),
        median(durable.wall) / median(ours.wall), median(durable.cpu) / median(ours.cpu));
    expect(ours.peak_rss_mb <= 150.0, "intake mesh clean peak RSS <= 150 MB");
}

void bench_decimation(const Mesh& input, size_t target) {
    Mesh ours = input;
    DecimateResult dec;
    auto t_ours = bench::measure([&] { dec = decimate_mesh(ours, target); });
    Result<Mesh> vtk = fail(Errc::internal, "not run");
    auto t_vtk = bench::measure([&] { vtk = decimate_with_vtk(input, target); });
    expect(vtk.has_value(), "VTK decimation ran");
    Deviation vtk_dev = vtk ? surface_deviation(input, *vtk) : Deviation{};
    std::printf(
        "decimate %zu -> %zu: ours %7.1f ms (cpu %7.1f; mean %.4f mm, max %.4f mm)\n"
        "                       vtk  %7.1f ms (cpu %7.1f) -> %zu (mean %.4f mm, max %.4f mm)   "
        "ratio_vs_vtk %5.1f (cpu %5.1f)\n",
        input.triangles.size(), ours.triangles.size(), t_ours.wall_ms, t_ours.cpu_ms,
        dec.mean_deviation_mm, dec.max_deviation_mm, t_vtk.wall_ms, t_vtk.cpu_ms,
        vtk ? vtk->triangles.size() : 0, vtk_dev.mean_mm, vtk_dev.max_mm,
        t_vtk.wall_ms / t_ours.wall_ms, t_vtk.cpu_ms / t_ours.cpu_ms);
    expect(ours.triangles.size() <= target, "decimation met the budget");
    expect(dec.mean_deviation_mm <= 0.02, "decimation mean deviation <= 0.02 mm");
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 5;
    bool skip_decimation = false, only_process = false;
    // --intake PATH: time another build of the CLI (a release build, a trial link) instead.
    std::string intake_bin = INTAKE_BINARY_DIR "/station/cli/intake";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::atoi(argv[++i]);
        if (std::strcmp(argv[i], "--no-decimation") == 0) skip_decimation = true;
        if (std::strcmp(argv[i], "--only-process") == 0) only_process = skip_decimation = true;
        if (std::strcmp(argv[i], "--intake") == 0 && i + 1 < argc) intake_bin = argv[++i];
    }
    fs::path dir = fs::temp_directory_path() / "intake_bench_mesh";
    fs::create_directories(dir);
    test::PlantedDefects planted;
    Mesh arch = test::make_arch(bench_spec(), &planted);
    std::printf(
        "surface: %zu triangles, %zu vertices; %zu debris, %zu small holes, %zu seam vertices\n",
        arch.triangles.size(), arch.positions.size(), planted.debris, planted.tiny_holes,
        planted.seam_vertices);
    for (const char* name : {"arch.ply", "arch.stl"}) {
        if (!write_mesh(dir / name, arch)) return 4;
    }
    if (!only_process) {
        for (const char* name : {"arch.ply", "arch.stl"}) bench_format(dir / name, planted, runs);
    }
    for (const char* name : {"arch.ply", "arch.stl"})
        bench_process(dir / name, dir, std::max(3, runs / 2), intake_bin);
    if (!skip_decimation) {
        auto cleaned = clean_mesh(arch, {});
        if (cleaned) bench_decimation(cleaned->mesh, 300'000);
    }
    std::printf("bench process peak RSS %.0f MB; %d failed checks\n", bench::self_peak_rss_mb(),
                g_failures);
    return g_failures == 0 ? 0 : 1;
}
