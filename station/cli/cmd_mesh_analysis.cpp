// `intake mesh bite UPPER LOWER [--json]` and `intake mesh compare BEFORE AFTER [--json]`
// (docs/mesh-analysis.md). Exit codes: 0 ok, 1 the bite is not registered, 2 usage,
// 3 an input file cannot be read (missing, unreadable or malformed: all are bad input here).
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "mesh/analysis/bite.h"
#include "mesh/analysis/compare.h"
#include "mesh/mesh_io.h"
#include "station/cli/cli_support.h"

namespace intake::cli {
namespace {

using nlohmann::json;

struct AnalysisArgs {
    std::string first, second;
    bool json = false;
};

// Any failure to load an input is "bad input" for these commands (exit 3); the message keeps
// the reader's wording, which names the file and what is wrong.
Result<mesh::Mesh> load(const std::string& path) {
    auto loaded = mesh::read_mesh(path);
    if (!loaded) {
        Error e = loaded.error();
        if (e.code != Errc::bad_input && e.code != Errc::corrupt) e.code = Errc::bad_input;
        return fail(std::move(e));
    }
    if (loaded->mesh.empty()) return fail(Errc::bad_input, path + ": the mesh has no triangles");
    return std::move(loaded->mesh);
}

json vec(const mesh::Vec3d& v) { return json::array({v.x, v.y, v.z}); }

std::string fmt(double v, int digits = 3) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

json bite_json(const AnalysisArgs& a, const mesh::BiteReport& r) {
    json contacts = json::object();
    for (const auto& s : r.segments) {
        contacts[s.name] = {{"contact", s.contact},
                            {"contact_vertices", s.contact_vertices},
                            {"min_distance_mm", s.min_distance_mm}};
    }
    return {{"upper", a.first},
            {"lower", a.second},
            {"contacts", contacts},
            {"min_distance_mm", r.min_distance_mm},
            {"max_penetration_mm", r.max_penetration_mm},
            {"penetration_flagged", r.penetration_flagged},
            {"penetration_vertices", r.penetration_vertices},
            {"status", verdict_name(r.status)},
            {"verdict", r.verdict},
            {"reasons", r.reasons}};
}

void print_bite_text(const mesh::BiteReport& r) {
    std::cout << verdict_name(r.status) << ": " << r.verdict << "\n";
    for (const auto& s : r.segments) {
        std::cout << "  " << s.name << ": " << (s.contact ? "contact" : "no contact") << " ("
                  << s.contact_vertices << " vertices, closest " << fmt(s.min_distance_mm)
                  << " mm)\n";
    }
    std::cout << "  max penetration: " << fmt(r.max_penetration_mm) << " mm\n";
    for (const auto& reason : r.reasons) std::cout << "  - " << reason << "\n";
}

void run_bite(const AnalysisArgs& a, CliContext& ctx) {
    auto upper = load(a.first);
    if (!upper) return void(report_error(ctx, upper.error()));
    auto lower = load(a.second);
    if (!lower) return void(report_error(ctx, lower.error()));
    auto report = mesh::analyze_bite(*upper, *lower);
    if (!report) return void(report_error(ctx, report.error()));
    if (a.json) {
        print_json(bite_json(a, *report));
    } else {
        print_bite_text(*report);
    }
    ctx.exit_code = report->status == Verdict::fail ? kExitCheckFailed : kExitOk;
}

json compare_json(const AnalysisArgs& a, const mesh::CompareReport& r) {
    json regions = json::array();
    for (const auto& s : r.regions) {
        regions.push_back({{"name", s.name},
                           {"mean_mm", s.mean_mm},
                           {"max_mm", s.max_mm},
                           {"vertices", s.vertices}});
    }
    json teeth = json::array();
    for (const auto& c : r.per_component) {
        teeth.push_back({{"component", c.component},
                         {"before_component", c.before_component},
                         {"region", c.region},
                         {"centroid", vec(c.centroid)},
                         {"displacement", vec(c.displacement)},
                         {"displacement_mm", c.displacement_mm},
                         {"direction", vec(c.direction)},
                         {"max_deviation_mm", c.max_deviation_mm}});
    }
    const auto& g = r.registration;
    return {{"before", a.first},
            {"after", a.second},
            {"registration_rms_mm", g.rms_mm},
            {"registration",
             {{"kept_points", g.kept},
              {"sample_points", g.used},
              {"inlier_threshold_mm", g.threshold_mm},
              {"iterations", g.iterations},
              {"coarse_candidate", g.candidate}}},
            {"transform", g.transform.matrix4()},
            {"max_deviation_mm", r.max_deviation_mm},
            {"mean_deviation_mm", r.mean_deviation_mm},
            {"p95_deviation_mm", r.p95_deviation_mm},
            {"regions", regions},
            {"per_component", teeth},
            {"timing_ms",
             {{"index", r.index_ms},
              {"registration", r.registration_ms},
              {"deviation", r.deviation_ms},
              {"summary", r.summary_ms}}}};
}

void print_compare_text(const mesh::CompareReport& r) {
    std::cout << "registration rms " << fmt(r.registration.rms_mm, 4) << " mm over "
              << r.registration.kept << " of " << r.registration.used << " points\n"
              << "max deviation " << fmt(r.max_deviation_mm) << " mm, mean "
              << fmt(r.mean_deviation_mm) << " mm\n";
    for (const auto& s : r.regions) {
        std::cout << "  " << s.name << ": mean " << fmt(s.mean_mm) << " mm, max " << fmt(s.max_mm)
                  << " mm\n";
    }
    for (const auto& c : r.per_component) {
        std::cout << "  tooth " << c.component << " (" << c.region << "): moved "
                  << fmt(c.displacement_mm) << " mm\n";
    }
}

void run_compare(const AnalysisArgs& a, CliContext& ctx) {
    auto before = load(a.first);
    if (!before) return void(report_error(ctx, before.error()));
    auto after = load(a.second);
    if (!after) return void(report_error(ctx, after.error()));
    auto report = mesh::compare_scans(*before, *after);
    if (!report) return void(report_error(ctx, report.error()));
    if (a.json) {
        print_json(compare_json(a, *report));
    } else {
        print_compare_text(*report);
    }
    ctx.exit_code = kExitOk;
}

}  // namespace

void add_mesh_analysis_commands(CLI::App& mesh, CliContext& ctx) {
    auto bite = std::make_shared<AnalysisArgs>();
    CLI::App* b = mesh.add_subcommand("bite", "Check the bite: contacts, penetration, verdict");
    b->add_option("UPPER", bite->first, "Upper arch scan (STL, PLY or OBJ), in occlusion")
        ->required();
    b->add_option("LOWER", bite->second, "Lower arch scan, same coordinate frame")->required();
    b->add_flag("--json", bite->json, "Print the report as JSON");
    b->callback([bite, &ctx] { run_bite(*bite, ctx); });

    auto cmp = std::make_shared<AnalysisArgs>();
    CLI::App* c =
        mesh.add_subcommand("compare", "Register a new scan to the previous one; what moved");
    c->add_option("BEFORE", cmp->first, "Previous submission's scan")->required();
    c->add_option("AFTER", cmp->second, "Today's scan of the same arch")->required();
    c->add_flag("--json", cmp->json, "Print the report as JSON");
    c->callback([cmp, &ctx] { run_compare(*cmp, ctx); });
}

}  // namespace intake::cli
