// Welding: vertices closer than a tolerance become one. Triangles are remapped to the first
// vertex of each cluster; the now unused vertices are dropped by the final compaction.
#pragma once

#include <cstddef>

#include "mesh/mesh.h"

namespace intake::mesh {

// Returns how many vertices were merged into another one.
size_t weld_vertices(Mesh& mesh, double tolerance_mm);

}  // namespace intake::mesh
