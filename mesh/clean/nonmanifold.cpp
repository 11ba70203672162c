#include "mesh/clean/nonmanifold.h"

#include <algorithm>
#include <vector>

#include "mesh/clean/compact.h"

namespace intake::mesh {

NonManifoldResult remove_nonmanifold_faces(Mesh& mesh, const VertexFaces& vf,
                                           const std::vector<uint32_t>& opposites) {
    NonManifoldResult result;
    std::vector<uint8_t> dead(mesh.triangles.size(), 0);
    std::vector<uint32_t> faces;
    for (uint32_t h = 0; h < opposites.size(); ++h) {
        if (opposites[h] != kNonManifoldEdge) continue;
        faces.assign(1, h / 3);
        for_each_edge_mate(mesh, vf, h, [&](uint32_t other) { faces.push_back(other / 3); });
        std::sort(faces.begin(), faces.end());
        if (faces.front() != h / 3) continue;  // counted from the edge's first triangle
        ++result.edges;
        for (size_t i = 2; i < faces.size(); ++i) dead[faces[i]] = 1;
    }
    if (result.edges > 0) result.triangles = remove_triangles(mesh, dead);
    return result;
}

}  // namespace intake::mesh
