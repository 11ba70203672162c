// Area-weighted vertex normals: each triangle adds its unnormalised cross product (twice its
// area times its unit normal) to its corners, so large faces dominate and slivers do not.
#pragma once

#include "mesh/mesh.h"

namespace intake::mesh {

void compute_vertex_normals(Mesh& mesh);

}  // namespace intake::mesh
