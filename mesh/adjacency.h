// Compact adjacency for the cleanup steps: vertex -> incident triangles as CSR arrays, and
// per half-edge the opposite half-edge. Half-edge h = 3 * triangle + i runs from corner i to
// corner (i + 1) % 3. Built with counting passes only; no hash maps, no per-vertex vectors.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh {

inline constexpr uint32_t kBoundaryEdge = UINT32_MAX;         // no other triangle on this edge
inline constexpr uint32_t kNonManifoldEdge = UINT32_MAX - 1;  // three or more triangles

struct VertexFaces {
    std::vector<uint32_t> offsets;  // vertex_count + 1
    std::vector<uint32_t> faces;    // incident triangles, ascending per vertex

    std::span<const uint32_t> of(uint32_t v) const {
        return {faces.data() + offsets[v], offsets[v + 1] - offsets[v]};
    }
};

VertexFaces build_vertex_faces(const Mesh& mesh);
// The same into `vf`, reusing its storage (a rebuild after removals faults in no new pages).
void build_vertex_faces(const Mesh& mesh, VertexFaces& vf);

// Opposite half-edge for every half-edge: the one other triangle's half-edge on the same
// undirected edge, kBoundaryEdge, or kNonManifoldEdge. Uses both cores for large meshes.
std::vector<uint32_t> build_opposites(const Mesh& mesh, const VertexFaces& vf);

// Turns `opposites` into those of the mesh after the triangles flagged in `dead` were removed
// (kept triangles renumbered in order), in place: references to removed triangles become
// kBoundaryEdge.
void remap_opposites(std::vector<uint32_t>& opposites, const std::vector<uint8_t>& dead);

// Calls fn(other_half_edge) for every other triangle's half-edge on h's undirected edge.
template <typename Fn>
void for_each_edge_mate(const Mesh& mesh, const VertexFaces& vf, uint32_t h, Fn&& fn) {
    uint32_t t = h / 3, i = h % 3;
    uint32_t a = mesh.triangles[t][i], b = mesh.triangles[t][(i + 1) % 3];
    std::span<const uint32_t> ring = vf.of(a).size() <= vf.of(b).size() ? vf.of(a) : vf.of(b);
    for (uint32_t f : ring) {
        if (f == t) continue;
        const Triangle& tri = mesh.triangles[f];
        for (uint32_t j = 0; j < 3; ++j) {
            uint32_t p = tri[j], q = tri[(j + 1) % 3];
            if ((p == a && q == b) || (p == b && q == a)) fn(3 * f + j);
        }
    }
}

// Runs fn(begin, end) over [0, count) split across the machine's two cores when count is big
// enough to pay for a thread; otherwise inline.
void parallel_ranges(size_t count, const std::function<void(size_t, size_t)>& fn);

}  // namespace intake::mesh
