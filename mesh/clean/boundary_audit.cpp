#include "mesh/clean/boundary_audit.h"

#include <algorithm>
#include <array>
#include <set>

#include "mesh/adjacency.h"

namespace intake::mesh {
namespace {

std::array<double, 3> face_normal(const Mesh& mesh, const Triangle& t) {
    const Vec3& a = mesh.positions[t[0]];
    const Vec3& b = mesh.positions[t[1]];
    const Vec3& c = mesh.positions[t[2]];
    double ux = b.x - a.x, uy = b.y - a.y, uz = b.z - a.z;
    double vx = c.x - a.x, vy = c.y - a.y, vz = c.z - a.z;
    return {uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
}

}  // namespace

BoundaryAudit audit_boundary(const Mesh& mesh, std::span<const VoidReport> reported_voids,
                             double border_min_perimeter_mm) {
    BoundaryAudit audit;
    VertexFaces vf = build_vertex_faces(mesh);
    std::vector<uint32_t> opposites = build_opposites(mesh, vf);
    std::vector<DirectedEdge> boundary;
    for (uint32_t h = 0; h < opposites.size(); ++h) {
        const Triangle& t = mesh.triangles[h / 3];
        uint32_t a = t[h % 3], b = t[(h % 3 + 1) % 3];
        uint32_t o = opposites[h];
        if (o == kNonManifoldEdge) {
            ++audit.nonmanifold_edges;
        } else if (o == kBoundaryEdge) {
            boundary.push_back({a, b});
        } else if (h < o) {
            audit.same_direction_edges += mesh.triangles[o / 3][o % 3] == a;
            auto n1 = face_normal(mesh, t), n2 = face_normal(mesh, mesh.triangles[o / 3]);
            audit.folded_edges += n1[0] * n2[0] + n1[1] * n2[1] + n1[2] * n2[2] < 0;
        }
    }
    std::set<std::vector<uint32_t>> void_sets;
    for (const VoidReport& v : reported_voids) {
        std::vector<uint32_t> key = v.boundary_vertices;
        std::sort(key.begin(), key.end());
        void_sets.insert(std::move(key));
    }
    std::vector<BoundaryLoop> loops = trace_boundary_loops(mesh, boundary, &audit.open_chains);
    audit.loops = loops.size();
    for (const BoundaryLoop& loop : loops) {
        if (loop.perimeter_mm > border_min_perimeter_mm) {
            ++audit.borders;
            continue;
        }
        std::vector<uint32_t> key = loop.vertices;
        std::sort(key.begin(), key.end());
        if (void_sets.count(key) > 0) {
            ++audit.voids;
        } else {
            audit.unaccounted.push_back(describe_void(mesh, loop));
        }
    }
    return audit;
}

}  // namespace intake::mesh
