// What a cleanup did, as plain values plus its JSON form. The JSON keys are a contract with
// the lab tooling and the app (docs/mesh.md lists them).
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "base/verdict.h"
#include "mesh/clean/decimate.h"
#include "mesh/clean/holes.h"

namespace intake::mesh {

struct CleanReport {
    size_t input_vertices = 0, input_triangles = 0;
    size_t output_vertices = 0, output_triangles = 0;
    size_t welded_vertices = 0;
    size_t removed_degenerate = 0, removed_duplicate = 0;
    size_t removed_islands = 0, removed_island_triangles = 0;
    size_t nonmanifold_edges = 0, removed_nonmanifold = 0;
    size_t small_holes = 0;  // interior holes within --max-fill-perimeter
    size_t holes_filled = 0, fill_triangles = 0;
    size_t holes_zipped = 0, holes_fanned = 0;  // of holes_filled, closed by a zip or a fan
    std::vector<VoidReport> voids;              // boundary_vertices index the output mesh
    size_t borders = 0;
    size_t open_chains = 0;
    size_t components = 0;
    size_t flipped_faces = 0, orientation_conflicts = 0;
    std::string units = "mm";         // as detected in the input
    double unit_scale = 1.0;          // applied to reach millimetres
    std::array<double, 3> bbox_mm{};  // output extents x, y, z
    bool decimated = false;
    size_t target_triangles = 0;
    double decimation_mean_deviation_mm = 0, decimation_max_deviation_mm = 0;
    // Audited on the decimated output, and as the input to decimation had them: decimation
    // adding any fails the report.
    SurfaceFaults decimation_faults, decimation_faults_before;
    Verdict verdict = Verdict::pass;
    std::vector<std::string> reasons;
    std::vector<std::pair<std::string, double>> timings_ms;  // in pipeline order

    nlohmann::json to_json() const;
};

nlohmann::json void_to_json(const VoidReport& v);

}  // namespace intake::mesh
