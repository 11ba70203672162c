// Decimation to a lab's triangle budget: quadric-error half-edge collapses (Garland-Heckbert
// costs; a vertex merges into a neighbour, nothing moves). Borders are locked so the scan's
// edge and void outlines stay where they were, and every collapse must keep the surface a
// manifold, consistently wound and unfolded (mesh/clean/edge_collapse.h). The cost is reported
// as sampled point-to-surface deviation from the input, and the result is audited afterwards.
#pragma once

#include <cstddef>

#include "mesh/mesh.h"

namespace intake::mesh {

// Edges a lab's software rejects or shows as a crease that is not in the mouth, counted as the
// boundary audit counts them: half-edges on edges with 3+ faces, edges whose two faces point
// more than 90° apart, edges run twice in one direction.
struct SurfaceFaults {
    size_t nonmanifold_edges = 0, folded_edges = 0, same_direction_edges = 0;
};

struct DecimateResult {
    bool done = false;
    size_t target = 0;
    size_t before = 0, after = 0;
    double mean_deviation_mm = 0, max_deviation_mm = 0;
    // The input's, and the output's counted by the boundary audit independently of the collapse
    // checks: decimation must add none.
    SurfaceFaults faults_before, faults_after;
};

// No-op when the mesh already fits the budget. Vertices are left in place (compaction drops
// the unused ones), so vertex indices held elsewhere stay valid. Stops above the target when no
// collapse that keeps the surface sound is left.
DecimateResult decimate_mesh(Mesh& mesh, size_t target_triangles);

}  // namespace intake::mesh
