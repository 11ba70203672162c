#include "mesh/info.h"

#include "mesh/adjacency.h"
#include "mesh/clean/holes.h"
#include "mesh/clean/units.h"
#include "mesh/components.h"

namespace intake::mesh {

MeshInfo describe_mesh(const Mesh& mesh) {
    MeshInfo info;
    info.vertices = mesh.positions.size();
    info.triangles = mesh.triangles.size();
    VertexFaces vf = build_vertex_faces(mesh);
    std::vector<uint32_t> opposites = build_opposites(mesh, vf);
    uint32_t count = 0;
    label_components(mesh, vf, opposites, &count);
    info.components = count;
    std::vector<DirectedEdge> boundary;
    for (uint32_t h = 0; h < opposites.size(); ++h) {
        if (opposites[h] == kNonManifoldEdge) ++info.nonmanifold_edges;
        if (opposites[h] != kBoundaryEdge) continue;
        const Triangle& t = mesh.triangles[h / 3];
        boundary.push_back({t[h % 3], t[(h % 3 + 1) % 3]});
    }
    info.boundary_edges = boundary.size();
    size_t open_chains = 0;
    info.boundary_loops = trace_boundary_loops(mesh, boundary, &open_chains).size() + open_chains;
    Bounds b = mesh_bounds(mesh);
    info.bbox_min = {b.min.x, b.min.y, b.min.z};
    info.bbox_max = {b.max.x, b.max.y, b.max.z};
    return info;
}

nlohmann::json MeshInfo::to_json() const {
    return {
        {"vertices", vertices},
        {"triangles", triangles},
        {"components", components},
        {"boundary_loops", boundary_loops},
        {"boundary_edges", boundary_edges},
        {"nonmanifold_edges", nonmanifold_edges},
        {"bbox_mm",
         {{"min", {bbox_min[0], bbox_min[1], bbox_min[2]}},
          {"max", {bbox_max[0], bbox_max[1], bbox_max[2]}},
          {"size",
           {bbox_max[0] - bbox_min[0], bbox_max[1] - bbox_min[1], bbox_max[2] - bbox_min[2]}}}},
    };
}

}  // namespace intake::mesh
