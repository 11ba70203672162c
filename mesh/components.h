// Connected components of a triangle mesh: two triangles belong together when they share an
// edge (not just a vertex, so two teeth touching at a point stay two teeth).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh {

// One label per triangle, numbered 0.. in order of each component's first triangle.
std::vector<uint32_t> label_components(const Mesh& mesh, uint32_t* component_count);

// Surface area (mm²) of each component.
std::vector<double> component_areas(const Mesh& mesh, std::span<const uint32_t> labels,
                                    uint32_t component_count);

double triangle_area(const Mesh& mesh, const Triangle& t);

// Same labelling from a precomputed opposite-half-edge table (see adjacency.h); non-manifold
// edges are joined through `vf`.
struct VertexFaces;
std::vector<uint32_t> label_components(const Mesh& mesh, const VertexFaces& vf,
                                       std::span<const uint32_t> opposites,
                                       uint32_t* component_count);

// Manifold-only labelling from opposites alone (non-manifold edges do not connect).
std::vector<uint32_t> label_components(const Mesh& mesh, std::span<const uint32_t> opposites,
                                       uint32_t* component_count);

}  // namespace intake::mesh
