// Sampled point-to-surface deviation between two versions of a surface (used to report what
// decimation cost). Points of the reference are looked up in a uniform grid over the target's
// triangles; the search widens ring by ring until no closer triangle can exist.
#pragma once

#include <cstddef>

#include "mesh/mesh.h"

namespace intake::mesh {

struct Deviation {
    double mean_mm = 0;
    double max_mm = 0;
    size_t samples = 0;
};

// Distances from up to `max_samples` of `reference`'s vertices (evenly strided) to `target`.
Deviation surface_deviation(const Mesh& reference, const Mesh& target, size_t max_samples = 50'000);

}  // namespace intake::mesh
