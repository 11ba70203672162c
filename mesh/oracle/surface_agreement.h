// Whether two surfaces that should be "the same cleaned scan" agree: triangle count, area and
// signed volume (orientation included: an inside-out copy has the opposite sign, so it does not
// pass for the same surface). Shared by the oracle tests and the benchmarks' output checks.
#pragma once

#include <cstddef>
#include <string>

#include "mesh/mesh.h"

namespace intake::mesh::oracle {

struct SurfaceFigures {
    size_t triangles = 0;
    double area_mm2 = 0;
    // Sum of the tetrahedra each triangle spans with a reference point. For a closed outward
    // surface it is its volume; for an open one it still flips sign with the winding. Compare
    // two surfaces about the same point (an open surface's figure depends on it).
    double signed_volume_mm3 = 0;
};

SurfaceFigures surface_figures(const Mesh& mesh, const Vec3& about);
// The centre of the mesh's bounding box: a reference point near the surface keeps the
// tetrahedra small, so the sum does not lose precision to cancellation.
Vec3 box_centre(const Mesh& mesh);

struct Tolerance {
    double triangles = 0.01;  // relative
    double area = 0.01;       // relative
    double volume = 0.01;     // relative to the larger |volume|
};

// Empty when the two agree within `tolerance`; otherwise what differs, with both figures.
std::string surface_disagreement(const SurfaceFigures& ours, const SurfaceFigures& theirs,
                                 const Tolerance& tolerance = {});

}  // namespace intake::mesh::oracle
