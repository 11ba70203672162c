// Scan QA: what is wrong with a scan as it came from the scanner, with a verdict. It runs the
// cleanup on a copy (small holes closed as clean would close them), accounts for every boundary
// loop of that copy, and judges the findings.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/verdict.h"
#include "mesh/clean.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct CheckOptions {
    CleanOptions clean;  // island, hole and border thresholds; triangle_budget
};

struct ScanCheck {
    Verdict verdict = Verdict::pass;
    std::vector<std::string> reasons;
    std::string units = "mm";
    double scale_to_mm = 1.0;
    double width_mm = 0, depth_mm = 0, height_mm = 0;
    size_t vertices = 0, triangles = 0;
    size_t components = 0;  // after debris is discounted
    size_t debris_islands = 0;
    size_t duplicate_vertices = 0, degenerate_faces = 0, duplicate_faces = 0;
    size_t nonmanifold_edges = 0, flipped_faces = 0;
    size_t small_holes = 0, borders = 0;
    // Boundary loops that clean would leave open although they are neither the border nor a
    // reported void (plus boundary runs that do not close): each one fails the check.
    size_t open_loops = 0;
    // Edges of the cleaned copy whose two faces point more than 90° apart (the surface folds
    // back on itself). Reported, not judged: the real reference arches have 4-21 each, on
    // ridges, while a scan decimated without a fold check had about 1900.
    size_t folded_edges = 0;
    // Centres in millimetres; boundary_vertices index the cleaned mesh, so callers showing
    // the raw scan should use centre + radius.
    std::vector<VoidReport> voids;

    nlohmann::json to_json() const;
};

ScanCheck check_mesh(const Mesh& mesh, const CheckOptions& options = {});

}  // namespace intake::mesh
