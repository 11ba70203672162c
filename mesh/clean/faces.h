// Face-level defects: degenerate triangles (a repeated vertex or zero area) and duplicates
// (the same three vertices in any order or winding; the first one is kept).
#pragma once

#include <cstddef>

#include "mesh/adjacency.h"
#include "mesh/mesh.h"

namespace intake::mesh {

// A repeated vertex, or a height below 1e-5 of the longest edge (judged in a canonical
// corner order, so winding and numbering do not matter).
bool is_degenerate(const Mesh& mesh, Triangle t);

size_t remove_degenerate_faces(Mesh& mesh);

// `vf` must describe `mesh` as it is.
size_t remove_duplicate_faces(Mesh& mesh, const VertexFaces& vf);

}  // namespace intake::mesh
