#include "mesh/clean/compact.h"

namespace intake::mesh {

size_t remove_triangles(Mesh& mesh, const std::vector<uint8_t>& dead) {
    size_t out = 0;
    for (size_t t = 0; t < mesh.triangles.size(); ++t) {
        if (!dead[t]) mesh.triangles[out++] = mesh.triangles[t];
    }
    size_t removed = mesh.triangles.size() - out;
    mesh.triangles.resize(out);
    return removed;
}

std::vector<uint32_t> compact_vertices(Mesh& mesh) {
    std::vector<uint32_t> remap(mesh.positions.size(), UINT32_MAX);
    uint32_t next = 0;
    for (Triangle& t : mesh.triangles) {
        for (uint32_t& v : t) {
            if (remap[v] == UINT32_MAX) remap[v] = next++;
            v = remap[v];
        }
    }
    bool normals = mesh.has_normals(), colors = mesh.has_colors();
    std::vector<Vec3> positions(next), vertex_normals(normals ? next : 0);
    std::vector<Rgb8> vertex_colors(colors ? next : 0);
    for (size_t old = 0; old < remap.size(); ++old) {
        uint32_t n = remap[old];
        if (n == UINT32_MAX) continue;
        positions[n] = mesh.positions[old];
        if (normals) vertex_normals[n] = mesh.normals[old];
        if (colors) vertex_colors[n] = mesh.colors[old];
    }
    mesh.positions = std::move(positions);
    mesh.normals = std::move(vertex_normals);
    mesh.colors = std::move(vertex_colors);
    return remap;
}

}  // namespace intake::mesh
