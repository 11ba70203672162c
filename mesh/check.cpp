#include "mesh/check.h"

#include <algorithm>
#include <array>

#include "mesh/clean/boundary_audit.h"
#include "mesh/clean/units.h"
#include "mesh/findings.h"

namespace intake::mesh {
namespace {

void judge_defects(Findings& findings, const ScanCheck& c) {
    auto warn_count = [&](size_t n, const std::string& what) {
        if (n > 0)
            findings.warn(std::to_string(n) + " " + what + " (intake mesh clean fixes this)");
    };
    warn_count(c.debris_islands, "debris islands");
    // A handful of near-coincident vertices or slivers is normal in processed meshes (the
    // reference arches have a dozen); only a noticeable share is worth a warning.
    size_t noticeable = c.triangles / 1000;
    if (c.duplicate_vertices > noticeable) warn_count(c.duplicate_vertices, "duplicated vertices");
    if (c.degenerate_faces > noticeable) warn_count(c.degenerate_faces, "degenerate faces");
    if (c.duplicate_faces > noticeable) warn_count(c.duplicate_faces, "duplicate faces");
    warn_count(c.nonmanifold_edges, "non-manifold edges");
    warn_count(c.flipped_faces, "faces with inconsistent winding");
    // Small holes are not listed: clean fills them, and removing the slivers a weld leaves
    // behind opens a few in otherwise perfect meshes.
}

// An independent recount of the cleaned copy's boundary: a loop that is neither the border nor
// a reported void would reach the lab as an open mesh nobody was told about.
void judge_open_loops(Findings& findings, const Mesh& cleaned, const CleanReport& r,
                      const CleanOptions& o, ScanCheck& c) {
    BoundaryAudit audit = audit_boundary(cleaned, r.voids, o.border_min_perimeter_mm);
    c.open_loops = audit.unaccounted.size() + audit.open_chains;
    c.folded_edges = audit.folded_edges;  // counted, not judged: real scans have a few
    if (c.open_loops == 0) return;
    std::string where;
    if (!audit.unaccounted.empty()) {
        const VoidReport& v = *std::max_element(audit.unaccounted.begin(), audit.unaccounted.end(),
                                                [](const VoidReport& a, const VoidReport& b) {
                                                    return a.perimeter_mm < b.perimeter_mm;
                                                });
        where = ", the largest " + fixed1(v.perimeter_mm) + " mm around (" + fixed1(v.center.x) +
                ", " + fixed1(v.center.y) + ", " + fixed1(v.center.z) + ")";
    }
    findings.fail(std::to_string(c.open_loops) +
                  " open boundary loops that are neither the scan's border nor a reported void" +
                  where + ": the cleaned scan would stay open there; rescan");
}

}  // namespace

ScanCheck check_mesh(const Mesh& mesh, const CheckOptions& options) {
    ScanCheck c;
    c.vertices = mesh.positions.size();
    c.triangles = mesh.triangles.size();
    CleanOptions analysis = options.clean;
    analysis.fill_holes = true;  // what the lab receives is the cleaned scan
    analysis.compute_normals = false;
    analysis.target_triangles = 0;
    analysis.convert_units = true;  // measure in millimetres whatever the file's units
    auto cleaned = clean_mesh(mesh, analysis);
    if (!cleaned) {
        c.verdict = Verdict::fail;
        c.reasons.push_back(cleaned.error().message);
        return c;
    }
    const CleanReport& r = cleaned->report;
    c.units = r.units;
    c.scale_to_mm = r.unit_scale;
    std::array<double, 3> e = r.bbox_mm;
    std::sort(e.begin(), e.end(), std::greater<>());
    c.width_mm = e[0];
    c.depth_mm = e[1];
    c.height_mm = e[2];
    c.components = r.components;
    c.debris_islands = r.removed_islands;
    c.duplicate_vertices = r.welded_vertices;
    c.degenerate_faces = r.removed_degenerate;
    c.duplicate_faces = r.removed_duplicate;
    c.nonmanifold_edges = r.nonmanifold_edges;
    c.flipped_faces = r.flipped_faces;
    c.borders = r.borders;
    c.voids = r.voids;
    c.small_holes = r.small_holes;
    Findings findings;
    judge_common(findings, c.units, c.scale_to_mm, false, c.width_mm, c.voids, c.triangles,
                 options.clean.triangle_budget);
    judge_open_loops(findings, cleaned->mesh, r, options.clean, c);
    judge_defects(findings, c);
    c.verdict = findings.verdict();
    c.reasons = std::move(findings.reasons());
    return c;
}

nlohmann::json ScanCheck::to_json() const {
    nlohmann::json voids_json = nlohmann::json::array();
    for (const VoidReport& v : voids) voids_json.push_back(void_to_json(v));
    return {
        {"verdict", verdict_name(verdict)},
        {"reasons", reasons},
        {"units", units},
        {"scale_to_mm", scale_to_mm},
        {"arch_mm", {{"width", width_mm}, {"depth", depth_mm}, {"height", height_mm}}},
        {"vertices", vertices},
        {"triangles", triangles},
        {"components", components},
        {"debris_islands", debris_islands},
        {"duplicate_vertices", duplicate_vertices},
        {"degenerate_faces", degenerate_faces},
        {"duplicate_faces", duplicate_faces},
        {"nonmanifold_edges", nonmanifold_edges},
        {"flipped_faces", flipped_faces},
        {"small_holes", small_holes},
        {"borders", borders},
        {"open_loops", open_loops},
        {"folded_edges", folded_edges},
        {"voids", voids_json},
    };
}

}  // namespace intake::mesh
