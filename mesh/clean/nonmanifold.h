// Non-manifold edges (three or more triangles on one edge, typical of a flap folded onto the
// surface or of two overlapping scan passes): keep the two lowest-numbered triangles on each
// such edge and drop the others; the island and hole steps then deal with what is left.
#pragma once

#include <cstddef>

#include "mesh/adjacency.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct NonManifoldResult {
    size_t edges = 0;      // undirected non-manifold edges found
    size_t triangles = 0;  // triangles removed
};

// `opposites` is updated to describe the mesh afterwards (the two kept triangles on each
// such edge become each other's opposites); `vf` is stale afterwards.
NonManifoldResult remove_nonmanifold_faces(Mesh& mesh, const VertexFaces& vf,
                                           std::vector<uint32_t>& opposites);

}  // namespace intake::mesh
