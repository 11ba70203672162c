// Spatial (Morton, Z-order) order for batches of nearest-surface queries.
//
// A query walks the BVH from the root to the leaves near its point. Queries issued in an order
// where consecutive points are close share most of that walk, so it stays in cache, and the
// previous answer bounds the next search tightly. Scanner meshes list vertices in no reliable
// order (in the benchmark, shuffling the same queries made them three times slower), so batches
// are sorted by grid cell first.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "mesh/analysis/rigid.h"
#include "mesh/mesh.h"

namespace intake::mesh {

// A permutation of [0, points.size()): points sorted by the Morton index of their cell in a
// grid over their bounding box (about one to a few points a cell). Stable within a cell, O(n).
std::vector<uint32_t> spatial_order(std::span<const Vec3> points);
std::vector<uint32_t> spatial_order(std::span<const Vec3d> points);

}  // namespace intake::mesh
