// Consistent winding: a breadth-first walk over manifold edges makes neighbours agree, then
// each closed component is turned to enclose positive volume (outward normals) and each open
// component keeps the winding most of its triangles already had.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh {

using DirectedEdge = std::pair<uint32_t, uint32_t>;

struct OrientResult {
    size_t flipped = 0;    // triangles whose winding changed
    size_t conflicts = 0;  // edges that could not be made consistent (non-orientable parts)
    std::vector<DirectedEdge> boundary;  // boundary edges, directed as in the final faces
};

// `opposites` and `labels` describe `mesh` as it is on entry.
OrientResult orient_faces(Mesh& mesh, const std::vector<uint32_t>& opposites,
                          const std::vector<uint32_t>& labels, uint32_t component_count);

}  // namespace intake::mesh
