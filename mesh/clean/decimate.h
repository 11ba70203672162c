// Decimation to a lab's triangle budget with meshoptimizer's quadric simplifier. Borders are
// locked so the scan's edge and void outlines stay where they were; the cost is reported as
// sampled point-to-surface deviation from the input.
#pragma once

#include <cstddef>

#include "mesh/mesh.h"

namespace intake::mesh {

struct DecimateResult {
    bool done = false;
    size_t target = 0;
    size_t before = 0, after = 0;
    double mean_deviation_mm = 0, max_deviation_mm = 0;
};

// No-op when the mesh already fits the budget. Vertices are left in place (compaction drops
// the unused ones), so vertex indices held elsewhere stay valid.
DecimateResult decimate_mesh(Mesh& mesh, size_t target_triangles);

}  // namespace intake::mesh
