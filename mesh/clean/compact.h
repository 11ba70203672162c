// Compaction after the cleanup steps: drop marked triangles, then drop unreferenced vertices
// and renumber the rest in order of first use (so an STL round trip reproduces the mesh).
#pragma once

#include <cstdint>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh {

// Keeps triangles whose `dead` flag is 0, in order. Returns how many were removed.
size_t remove_triangles(Mesh& mesh, const std::vector<uint8_t>& dead);

// Returns old -> new vertex index (UINT32_MAX for dropped vertices).
std::vector<uint32_t> compact_vertices(Mesh& mesh);

}  // namespace intake::mesh
