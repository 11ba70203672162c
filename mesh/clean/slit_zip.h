// Closing a flat slit: a boundary loop whose two sides lie on one line, so any triangle across
// it has zero area (the typical source is a zero-area face the cleanup removed, or a seam
// where one side has more vertices than the other). Instead of new triangles, the faces along
// each side are split at the other side's vertices, so both sides end up with the same edges.
#pragma once

#include <cstdint>
#include <vector>

#include "mesh/clean/hole_fill.h"
#include "mesh/mesh.h"

namespace intake::mesh {

// `loop` in the direction of its boundary edges. True when the slit was closed (`added` is the
// net number of triangles added); false leaves `mesh` and `context` unchanged.
bool zip_slit(Mesh& mesh, const std::vector<uint32_t>& loop, FillContext& context, size_t& added);

}  // namespace intake::mesh
