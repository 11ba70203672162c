#include "mesh/findings.h"

#include <cstdio>

#include "mesh/clean.h"

namespace intake::mesh {
namespace {

// An arch is about 40-90 mm wide; outside this something is missing or extra.
constexpr double kArchMinMm = 35.0;
constexpr double kArchMaxMm = 100.0;

std::string unit_word(const std::string& units) {
    if (units == "m") return "metres";
    if (units == "cm") return "centimetres";
    if (units == "in") return "inches";
    return units;
}

}  // namespace

std::string fixed1(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

void judge_common(Findings& findings, const std::string& units, double scale, bool converted,
                  double width_mm, const std::vector<VoidReport>& voids, size_t triangles,
                  size_t budget) {
    if (units == "unknown") {
        findings.fail("the scan is " + fixed1(width_mm) +
                      " units wide, which fits no unit for a dental arch (mm, cm, in, m)");
    } else if (units != "mm") {
        std::string factor = scale == 25.4 ? "25.4" : std::to_string(static_cast<int>(scale));
        if (converted) {
            findings.warn("coordinates looked like " + unit_word(units) + " and were scaled by " +
                          factor + " to millimetres");
        } else {
            findings.fail("coordinates look like " + unit_word(units) +
                          ", not millimetres: multiply by " + factor +
                          " (intake mesh clean does this)");
        }
    }
    if (units != "unknown" && (width_mm < kArchMinMm || width_mm > kArchMaxMm)) {
        findings.warn("arch is " + fixed1(width_mm) + " mm wide; a full arch is about 40-90 mm");
    }
    for (const VoidReport& v : voids) {
        std::string what = v.kind == "unfillable"
                               ? "hole that cannot be closed without folding the surface, "
                               : "void of ";
        findings.fail(what + fixed1(v.perimeter_mm) + " mm perimeter (" + fixed1(v.area_mm2) +
                      " mm²) near (" + fixed1(v.center.x) + ", " + fixed1(v.center.y) + ", " +
                      fixed1(v.center.z) + "): rescan there");
    }
    if (budget > 0 && triangles > budget) {
        findings.warn(std::to_string(triangles) + " triangles, over the lab budget of " +
                      std::to_string(budget) + " (use --target-triangles)");
    }
}

namespace {

// The decimated output must still be a sound surface: a lab's software rejects non-manifold
// or inconsistently wound meshes, and a folded edge is a crease in the teeth that is not there.
void judge_decimation_audit(Findings& findings, const CleanReport& r) {
    if (!r.decimated) return;
    const SurfaceFaults& after = r.decimation_faults;
    const SurfaceFaults& before = r.decimation_faults_before;
    std::string faults;
    auto add = [&](size_t now, size_t was, const char* what) {
        if (now > was)
            faults += (faults.empty() ? "" : ", ") + std::to_string(now - was) + " " + what;
    };
    add(after.nonmanifold_edges, before.nonmanifold_edges, "non-manifold edges");
    add(after.folded_edges, before.folded_edges, "folded edges");
    add(after.same_direction_edges, before.same_direction_edges, "edges with inconsistent winding");
    if (!faults.empty())
        findings.fail("decimation added " + faults +
                      ": do not send this output; clean without --target-triangles");
}

}  // namespace

void judge_report(CleanReport& report, const CleanOptions& options) {
    Findings findings;
    double width = std::max({report.bbox_mm[0], report.bbox_mm[1], report.bbox_mm[2]});
    bool converted = options.convert_units && report.unit_scale != 1.0;
    judge_common(findings, report.units, converted ? report.unit_scale : 1.0, converted, width,
                 report.voids, report.output_triangles, options.triangle_budget);
    if (report.orientation_conflicts > 0) {
        findings.warn(std::to_string(report.orientation_conflicts) +
                      " edges could not be oriented consistently (non-orientable surface)");
    }
    if (report.open_chains > 0) {
        findings.warn(std::to_string(report.open_chains) +
                      " boundary runs do not close (pinched vertices)");
    }
    if (report.decimated && report.decimation_mean_deviation_mm > 0.02) {
        findings.warn("decimation moved the surface by " +
                      std::to_string(report.decimation_mean_deviation_mm) +
                      " mm on average (more than 0.02 mm)");
    }
    judge_decimation_audit(findings, report);
    report.verdict = findings.verdict();
    report.reasons = std::move(findings.reasons());
}

}  // namespace intake::mesh
