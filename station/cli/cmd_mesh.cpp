// `intake mesh info|clean|check`: parse, call intake_mesh, print. Bad files exit 3 and write
// nothing; `check` exits 1 only when the verdict is fail.
#include <iostream>
#include <memory>
#include <string>

#include "base/atomic_file.h"
#include "base/schema_ids.h"
#include "mesh/check.h"
#include "mesh/clean.h"
#include "mesh/info.h"
#include "mesh/mesh_io.h"
#include "station/cli/cli_support.h"

namespace intake::cli {
namespace {

struct InfoArgs {
    std::string file;
    bool json = false;
};

struct CleanArgs {
    std::string input, output, report;
    bool json = false;
    mesh::CleanOptions options;
};

struct CheckArgs {
    std::string file;
    bool json = false;
    mesh::CheckOptions options;
};

void print_reasons(Verdict verdict, const std::vector<std::string>& reasons) {
    std::cout << "verdict: " << verdict_name(verdict) << "\n";
    for (const std::string& r : reasons) std::cout << "  - " << r << "\n";
}

void run_info(const InfoArgs& args, CliContext& ctx) {
    auto loaded = mesh::read_mesh(args.file);
    if (!loaded) {
        report_error(ctx, loaded.error());
        return;
    }
    nlohmann::json j = mesh::describe_mesh(loaded->mesh).to_json();
    j["format"] = std::string(mesh::format_name(loaded->format));
    j["file"] = args.file;
    if (args.json) {
        print_json(j);
        return;
    }
    std::cout << "file: " << args.file << "\nformat: " << j["format"].get<std::string>()
              << "\nvertices: " << j["vertices"] << "\ntriangles: " << j["triangles"]
              << "\ncomponents: " << j["components"] << "\nboundary_loops: " << j["boundary_loops"]
              << "\nbbox_mm: " << j["bbox_mm"]["size"].dump() << "\n";
}

void run_clean(const CleanArgs& args, CliContext& ctx) {
    auto loaded = mesh::read_mesh(args.input);
    if (!loaded) {
        report_error(ctx, loaded.error());
        return;
    }
    mesh::CleanOptions options = args.options;
    // STL keeps facet normals only (recomputed from the corners when written): vertex
    // normals would be computed and thrown away.
    auto out_format = mesh::output_format(args.output);
    if (out_format && !mesh::stores_vertex_normals(*out_format)) options.compute_normals = false;
    auto cleaned = mesh::clean_mesh(std::move(loaded->mesh), options);
    if (!cleaned) {
        report_error(ctx, Error{cleaned.error().code, args.input + ": " + cleaned.error().message});
        return;
    }
    nlohmann::json report = cleaned->report.to_json();
    report["$schema"] = schema_ids::kMeshCleanReport;
    report["input"]["file"] = args.input;
    report["input"]["format"] = std::string(mesh::format_name(loaded->format));
    report["output"]["file"] = args.output;
    if (Status st = mesh::write_mesh(args.output, cleaned->mesh); !st) {
        report_error(ctx, st.error());
        return;
    }
    if (!args.report.empty()) {
        if (Status st = write_file_atomic(args.report, report.dump(2) + "\n"); !st) {
            std::error_code ec;
            std::filesystem::remove(args.output, ec);  // all or nothing
            report_error(ctx, st.error());
            return;
        }
    }
    if (args.json) {
        print_json(report);
        return;
    }
    std::cout << args.output << ": " << cleaned->report.output_triangles << " triangles ("
              << cleaned->report.input_triangles << " in), " << cleaned->report.voids.size()
              << " voids, " << cleaned->report.holes_filled << " holes filled, "
              << cleaned->report.removed_islands << " islands removed\n";
    print_reasons(cleaned->report.verdict, cleaned->report.reasons);
}

void run_check(const CheckArgs& args, CliContext& ctx) {
    auto loaded = mesh::read_mesh(args.file);
    if (!loaded) {
        report_error(ctx, loaded.error());
        return;
    }
    mesh::ScanCheck check = mesh::check_mesh(loaded->mesh, args.options);
    if (args.json) {
        nlohmann::json j = check.to_json();
        j["$schema"] = schema_ids::kMeshCheckReport;
        j["file"] = args.file;
        j["format"] = std::string(mesh::format_name(loaded->format));
        print_json(j);
    } else {
        std::cout << args.file << ": " << check.triangles << " triangles, " << check.components
                  << " components, arch " << check.width_mm << " x " << check.depth_mm << " mm\n";
        print_reasons(check.verdict, check.reasons);
    }
    if (check.verdict == Verdict::fail) ctx.exit_code = kExitCheckFailed;
}

void add_thresholds(CLI::App* cmd, mesh::CleanOptions& o) {
    cmd->add_option("--min-island-area", o.min_island_area_mm2,
                    "Debris below this area (mm²) and below 1% of the largest part is removed")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--max-fill-perimeter", o.max_fill_perimeter_mm,
                    "Interior holes up to this perimeter (mm) are filled; larger ones are voids")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--border-min-perimeter", o.border_min_perimeter_mm,
                    "Boundary loops longer than this (mm) are the scan's open border")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
}

}  // namespace

void add_mesh_commands(CLI::App& mesh, CliContext& ctx) {
    auto info = std::make_shared<InfoArgs>();
    CLI::App* info_cmd =
        mesh.add_subcommand("info", "Format, counts, components, boundary loops, bbox");
    info_cmd->add_option("FILE", info->file, "Scan file (STL, PLY or OBJ)")->required();
    info_cmd->add_flag("--json", info->json, "Print JSON");
    info_cmd->callback([info, &ctx] { run_info(*info, ctx); });

    auto clean = std::make_shared<CleanArgs>();
    CLI::App* clean_cmd =
        mesh.add_subcommand("clean", "Clean a scan and write it (format by extension)");
    clean_cmd->add_option("IN", clean->input, "Input scan")->required();
    clean_cmd->add_option("-o,--output", clean->output, "Output .stl, .ply or .obj")->required();
    clean_cmd->add_option("--report", clean->report, "Write the cleanup report (JSON) here");
    add_thresholds(clean_cmd, clean->options);
    clean_cmd
        ->add_option("--target-triangles", clean->options.target_triangles,
                     "Decimate to at most this many triangles (0: keep all)")
        ->check(CLI::NonNegativeNumber);
    clean_cmd->add_flag("--json", clean->json, "Print the report as JSON");
    clean_cmd->callback([clean, &ctx] { run_clean(*clean, ctx); });

    auto check = std::make_shared<CheckArgs>();
    CLI::App* check_cmd = mesh.add_subcommand("check", "Scan QA with a pass/warn/fail verdict");
    check_cmd->add_option("FILE", check->file, "Scan file")->required();
    add_thresholds(check_cmd, check->options.clean);
    check_cmd
        ->add_option("--triangle-budget", check->options.clean.triangle_budget,
                     "Warn above this many triangles")
        ->capture_default_str();
    check_cmd->add_flag("--json", check->json, "Print JSON");
    check_cmd->callback([check, &ctx] { run_check(*check, ctx); });
}

}  // namespace intake::cli
