// Boundary loops and what to do with each: the scan's open border (long loops) is left alone,
// small interior holes are filled, larger ones are reported as voids — filling them would
// hide exactly what a lab rejects a scan for.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "mesh/clean/orient.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct BoundaryLoop {
    std::vector<uint32_t> vertices;  // in the direction of the boundary edges
    double perimeter_mm = 0;
};

struct VoidReport {
    double perimeter_mm = 0;
    double area_mm2 = 0;   // area of the opening (vector area of the loop)
    Vec3 center;           // centroid of the loop's vertices
    double radius_mm = 0;  // farthest loop vertex from the centre
    std::vector<uint32_t> boundary_vertices;
    // "large": over the fill limit; "unfillable": small, but no fill closes it without
    // folding or overlapping the surface.
    std::string kind = "large";
};

struct HoleOptions {
    double max_fill_perimeter_mm = 3.0;
    double border_min_perimeter_mm = 30.0;
    size_t max_fill_vertices = 256;  // bigger loops are never "small holes"
};

struct HoleResult {
    size_t loops = 0;
    size_t borders = 0;
    size_t small_holes = 0;  // loops small enough to fill (filled when asked)
    size_t filled = 0;       // loops actually closed
    size_t fill_triangles = 0;
    size_t zipped = 0, fanned = 0;  // of `filled`: flat slits zipped, loops closed by a fan
    size_t open_chains = 0;         // boundary runs that do not close (pinched vertices)
    std::vector<VoidReport> voids;
};

// Chains directed boundary edges into closed loops; a walk that passes a vertex twice is split
// there, so every loop is simple (one hole each, even where holes touch).
std::vector<BoundaryLoop> trace_boundary_loops(const Mesh& mesh,
                                               std::span<const DirectedEdge> edges,
                                               size_t* open_chains);

VoidReport describe_void(const Mesh& mesh, const BoundaryLoop& loop);

// Classifies every loop; fills the small interior ones (appending triangles to `mesh`).
HoleResult process_holes(Mesh& mesh, std::span<const DirectedEdge> boundary,
                         const HoleOptions& options, bool fill);

}  // namespace intake::mesh
