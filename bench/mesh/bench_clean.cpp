// bench_mesh_clean: our read → clean → normals against VTK's stock pipeline (its own reader, its
// own filters, ending in its own vtkPolyData) on a deterministic arch-like surface with planted
// defects, from binary PLY and binary STL; the whole `intake mesh clean` process against a stock
// VTK program (reader → filters → writer); our decimation against vtkQuadricDecimation.
// Fairness (bench/support/compare.h): the same runs, interleaved, the same input file; every
// conversion between VTK and our Mesh happens outside the timed regions, only to check outputs.
//   bench_mesh_clean [--quick] [--runs N] [--no-decimation] [--only-process] [--intake PATH]
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "child_process.h"
#include "compare.h"
#include "mesh/clean.h"
#include "mesh/clean/decimate.h"
#include "mesh/clean/deviation.h"
#include "mesh/mesh_io.h"
#include "mesh/oracle/surface_agreement.h"
#include "mesh/oracle/vtk_interop.h"
#include "mesh/oracle/vtk_reference.h"
#include "options.h"
#include "synthetic_arch.h"

namespace fs = std::filesystem;
using namespace intake;
using namespace intake::mesh;

namespace {

bench::Checks g_checks;

test::ArchSpec bench_spec(bool quick) {
    if (quick) {
        return {.along = 200,
                .across = 100,
                .debris = 20,
                .tiny_holes = 5,
                .seam = true,
                .degenerate = 100,
                .duplicates = 50,
                .flip_every = 500};
    }
    // 1000 x 510 grid vertices: 1.02M triangles, like the measured anchor surface.
    return test::kBenchmarkArch;
}

void check_ours(const CleanReport& r, const test::PlantedDefects& p) {
    g_checks.expect(r.removed_islands == p.debris, "ours removed every debris island");
    g_checks.expect(r.holes_filled == p.tiny_holes, "ours filled every small hole");
    g_checks.expect(r.borders == 1 && r.voids.empty(), "ours kept the border, found no voids");
    g_checks.expect(r.removed_duplicate >= p.duplicates, "ours removed every duplicate face");
    g_checks.expect(r.flipped_faces >= p.flipped - p.flipped / 100 && r.flipped_faces <= p.flipped,
                    "ours re-oriented the flipped faces (some sit in removed holes)");
}

// Each side's output against the other's: same size, area and signed volume (orientation).
void check_agree(const std::string& what, const Mesh& ours, const Mesh& theirs, const Vec3& about,
                 const oracle::Tolerance& tolerance = {}) {
    const std::string diff = oracle::surface_disagreement(
        oracle::surface_figures(ours, about), oracle::surface_figures(theirs, about), tolerance);
    g_checks.expect(diff.empty(), what + ": ours and VTK's outputs disagree: " + diff);
}

void bench_in_process(const fs::path& file, const test::PlantedDefects& planted, const Vec3& about,
                      int runs) {
    std::optional<CleanResult> ours;
    vtkSmartPointer<vtkPolyData> theirs;
    CleanReport theirs_report;
    Mesh ours_mesh, theirs_mesh;  // the last run's outputs, for the cross-check
    bench::Side ours_side{"ours", [&] {
                              auto loaded = read_mesh(file);
                              if (loaded) ours = *clean_mesh(std::move(loaded->mesh), {});
                          }};
    ours_side.teardown = [&] {
        g_checks.expect(ours.has_value(), "ours read and cleaned " + file.string());
        if (ours) check_ours(ours->report, planted);
        if (ours) ours_mesh = std::move(ours->mesh);
        ours.reset();
    };
    bench::Side vtk_side{"VTK", [&] {
                             auto read = oracle::read_with_vtk(file);
                             if (read) theirs = oracle::clean_with_vtk(*read, {}, theirs_report);
                         }};
    vtk_side.teardown = [&] {
        g_checks.expect(theirs != nullptr, "VTK read and cleaned " + file.string());
        g_checks.expect(theirs_report.removed_islands == planted.debris, "VTK removed the debris");
        if (theirs) theirs_mesh = oracle::from_vtk(theirs);
        theirs = nullptr;
        theirs_report = {};
    };
    auto samples = bench::run_interleaved(runs, {ours_side, vtk_side});
    const std::string ext = file.extension().string().substr(1);
    bench::print_comparison(ext + " read -> clean -> normals, in process", samples);
    check_agree(ext + " in process", ours_mesh, theirs_mesh, about);
}

// The headline ratio is against the stock VTK program, which does not fsync its output; ours
// always does (temp + fsync + rename + fsync of the folder: a product contract). The third side
// is the same VTK program made durable with an fsync of the file and folder.
void bench_process(const fs::path& file, const fs::path& dir, const Vec3& about, int runs,
                   const std::string& intake_bin) {
    const std::string vtk_bin = INTAKE_BINARY_DIR "/bench/mesh/bench_mesh_vtk_clean";
    const std::string ext = file.extension().string();
    const fs::path ours_out = dir / ("ours" + ext), vtk_out = dir / ("vtk" + ext);
    double ours_rss = 0, vtk_rss = 0;
    auto child = [&](std::vector<std::string> argv, double& rss, const std::string& what) {
        return [argv, &rss, what] {
            const bench::ChildRun run = bench::run_child(argv);
            g_checks.expect(run.exit_code == 0, what + " exit 0");
            rss = std::max(rss, run.peak_rss_mb);
        };
    };
    double durable_rss = 0;
    auto samples = bench::run_interleaved(
        runs,
        {{"intake mesh clean",
          child({intake_bin, "mesh", "clean", file.string(), "-o", ours_out.string()}, ours_rss,
                "intake mesh clean")},
         {"VTK program", child({vtk_bin, file.string(), vtk_out.string()}, vtk_rss, "VTK program")},
         {"VTK program + fsync", child({vtk_bin, file.string(), vtk_out.string(), "--fsync"},
                                       durable_rss, "VTK program --fsync")}});
    bench::print_comparison(ext.substr(1) + " whole process, file to file", samples);
    std::printf("  peak RSS: intake %.0f MB, VTK program %.0f MB\n", ours_rss, vtk_rss);
    auto ours = read_mesh(ours_out);
    auto theirs = read_mesh(vtk_out);
    g_checks.expect(ours && theirs, "both programs' outputs read back");
    if (ours && theirs)
        check_agree(ext.substr(1) + " whole process", ours->mesh, theirs->mesh, about);
    g_checks.expect(ours_rss <= 150.0, "intake mesh clean peak RSS <= 150 MB");
}

void bench_decimation(const Mesh& input, size_t target, int runs) {
    Mesh ours;
    DecimateResult dec;
    const vtkSmartPointer<vtkPolyData> vtk_input = oracle::to_vtk(input);
    vtkSmartPointer<vtkPolyData> theirs;
    bench::Side ours_side{"ours", [&] { dec = decimate_mesh(ours, target); }};
    ours_side.setup = [&] { ours = input; };
    bench::Side vtk_side{"vtkQuadricDecimation",
                         [&] { theirs = oracle::decimate_with_vtk(vtk_input, target); }};
    auto samples = bench::run_interleaved(runs, {ours_side, vtk_side});
    const Mesh theirs_mesh = oracle::from_vtk(theirs);
    const Deviation ours_dev = surface_deviation(input, ours);
    const Deviation vtk_dev = surface_deviation(input, theirs_mesh);
    char title[160];
    std::snprintf(title, sizeof title, "decimate %zu -> %zu", input.triangles.size(), target);
    bench::print_comparison(title, samples);
    std::printf("  ours %zu triangles (mean %.4f mm, max %.4f mm); VTK %zu (mean %.4f, max %.4f)\n",
                ours.triangles.size(), ours_dev.mean_mm, ours_dev.max_mm,
                theirs_mesh.triangles.size(), vtk_dev.mean_mm, vtk_dev.max_mm);
    g_checks.expect(ours.triangles.size() <= target, "our decimation met the budget");
    g_checks.expect(ours_dev.mean_mm <= 0.02 && vtk_dev.mean_mm <= 0.02,
                    "both decimations stay within 0.02 mm mean deviation");
    check_agree("decimation", ours, theirs_mesh, oracle::box_centre(input), {.triangles = 0.05});
}

}  // namespace

int main(int argc, char** argv) {
    const bench::Options opts = bench::parse_options(argc, argv);
    bool decimation = true, in_process = true;
    // --intake PATH: time another build of the CLI (a release build, a trial link) instead.
    std::string intake_bin = INTAKE_BINARY_DIR "/station/cli/intake";
    for (size_t i = 0; i < opts.rest.size(); ++i) {
        if (opts.rest[i] == "--no-decimation") decimation = false;
        if (opts.rest[i] == "--only-process") in_process = decimation = false;
        if (opts.rest[i] == "--intake" && i + 1 < opts.rest.size()) intake_bin = opts.rest[++i];
    }
    bench::print_machine();
    const fs::path dir =
        fs::temp_directory_path() / ("intake_bench_mesh_" + std::to_string(getpid()));
    fs::create_directories(dir);
    test::PlantedDefects planted;
    const Mesh arch = test::make_arch(bench_spec(opts.quick), &planted);
    const Vec3 about = oracle::box_centre(arch);
    std::printf(
        "surface: %zu triangles, %zu vertices; %zu debris, %zu small holes, %zu seam vertices\n",
        arch.triangles.size(), arch.positions.size(), planted.debris, planted.tiny_holes,
        planted.seam_vertices);
    for (const char* name : {"arch.ply", "arch.stl"}) {
        if (!write_mesh(dir / name, arch)) return 4;
    }
    for (const char* name : {"arch.ply", "arch.stl"}) {
        if (in_process) bench_in_process(dir / name, planted, about, opts.runs);
        bench_process(dir / name, dir, about, opts.runs, intake_bin);
    }
    if (decimation) {
        auto cleaned = clean_mesh(arch, {});
        if (cleaned)
            bench_decimation(cleaned->mesh, cleaned->mesh.triangles.size() * 3 / 10, opts.runs);
    }
    std::printf("bench process peak RSS %.0f MB\n", bench::self_peak_rss_mb());
    fs::remove_all(dir);
    return g_checks.exit_code();
}
