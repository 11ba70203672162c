// The best triangulation of one hole's polygon laid flat on its best-fit plane: dynamic
// programming over the polygon (the minimum-area patch of Liepa's hole filling), restricted
// to triangles that a second cleanup keeps and that lie flat enough not to fold against the
// surface. Unlike greedy ear clipping it never paints itself into a corner: when a valid
// triangulation exists it is found.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh {

struct Point2 {
    double x = 0, y = 0;
};

// `poly` winds counter-clockwise in `flat` (its projection, one point per corner).
// `edge_exists(a, b)` says whether the mesh already has that edge (a diagonal reusing it would
// make it non-manifold). Appends the triangles to `out` and returns true, or returns false.
bool triangulate_patch(const Mesh& mesh, const std::vector<uint32_t>& poly,
                       const std::vector<Point2>& flat,
                       const std::function<bool(uint32_t, uint32_t)>& edge_exists,
                       std::vector<Triangle>& out);

}  // namespace intake::mesh
