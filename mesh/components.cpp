#include "mesh/components.h"

#include <cmath>

#include "mesh/adjacency.h"
#include "mesh/union_find.h"

namespace intake::mesh {

double triangle_area(const Mesh& mesh, const Triangle& t) {
    const Vec3& a = mesh.positions[t[0]];
    const Vec3& b = mesh.positions[t[1]];
    const Vec3& c = mesh.positions[t[2]];
    double ux = b.x - a.x, uy = b.y - a.y, uz = b.z - a.z;
    double vx = c.x - a.x, vy = c.y - a.y, vz = c.z - a.z;
    double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    return 0.5 * std::sqrt(nx * nx + ny * ny + nz * nz);
}

std::vector<uint32_t> label_components(const Mesh& mesh, const VertexFaces& vf,
                                       std::span<const uint32_t> opposites,
                                       uint32_t* component_count) {
    UnionFind uf(mesh.triangles.size());
    for (uint32_t h = 0; h < opposites.size(); ++h) {
        uint32_t o = opposites[h];
        if (o == kBoundaryEdge) continue;
        if (o != kNonManifoldEdge) {
            uf.unite(h / 3, o / 3);
        } else {
            for_each_edge_mate(mesh, vf, h, [&](uint32_t other) { uf.unite(h / 3, other / 3); });
        }
    }
    return uf.labels(component_count);
}

std::vector<uint32_t> label_components(const Mesh& mesh, std::span<const uint32_t> opposites,
                                       uint32_t* component_count) {
    UnionFind uf(mesh.triangles.size());
    for (uint32_t h = 0; h < opposites.size(); ++h) {
        uint32_t o = opposites[h];
        if (o != kBoundaryEdge && o != kNonManifoldEdge) uf.unite(h / 3, o / 3);
    }
    return uf.labels(component_count);
}

std::vector<uint32_t> label_components(const Mesh& mesh, uint32_t* component_count) {
    VertexFaces vf = build_vertex_faces(mesh);
    std::vector<uint32_t> opposites = build_opposites(mesh, vf);
    return label_components(mesh, vf, opposites, component_count);
}

std::vector<double> component_areas(const Mesh& mesh, std::span<const uint32_t> labels,
                                    uint32_t component_count) {
    std::vector<double> areas(component_count, 0.0);
    for (size_t t = 0; t < mesh.triangles.size(); ++t) {
        areas[labels[t]] += triangle_area(mesh, mesh.triangles[t]);
    }
    return areas;
}

}  // namespace intake::mesh
