#include "mesh/clean/nonmanifold.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "mesh/clean/compact.h"

namespace intake::mesh {

NonManifoldResult remove_nonmanifold_faces(Mesh& mesh, const VertexFaces& vf,
                                           std::vector<uint32_t>& opposites) {
    NonManifoldResult result;
    std::vector<uint8_t> dead(mesh.triangles.size(), 0);
    std::vector<uint32_t> halves;  // half-edges on one edge; ascending half-edge = ascending face
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    for (uint32_t h = 0; h < opposites.size(); ++h) {
        if (opposites[h] != kNonManifoldEdge) continue;
        halves.assign(1, h);
        for_each_edge_mate(mesh, vf, h, [&](uint32_t other) { halves.push_back(other); });
        std::sort(halves.begin(), halves.end());
        if (halves.front() != h) continue;  // each edge once, from its first triangle
        ++result.edges;
        pairs.emplace_back(halves[0], halves[1]);
        for (size_t i = 2; i < halves.size(); ++i) dead[halves[i] / 3] = 1;
    }
    if (result.edges == 0) return result;
    for (auto [a, b] : pairs) {
        opposites[a] = b;
        opposites[b] = a;
    }
    remap_opposites(opposites, dead);
    result.triangles = remove_triangles(mesh, dead);
    return result;
}

}  // namespace intake::mesh
