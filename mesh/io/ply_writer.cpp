// Binary little-endian PLY: float x,y,z (+ nx,ny,nz, + uchar red,green,blue when present),
// faces as uchar count + uint indices — the layout most scanners and lab tools expect.
#include <bit>
#include <cstdint>
#include <string>

#include "mesh/io/writers.h"

namespace intake::mesh::io {

static_assert(std::endian::native == std::endian::little, "PLY writer assumes little endian");

void write_ply_binary(const Mesh& mesh, ChunkWriter& out) {
    bool normals = mesh.has_normals();
    bool colors = mesh.has_colors();
    std::string header =
        "ply\nformat binary_little_endian 1.0\ncomment intake-station (millimetres)\n";
    header += "element vertex " + std::to_string(mesh.positions.size()) + "\n";
    header += "property float x\nproperty float y\nproperty float z\n";
    if (normals) header += "property float nx\nproperty float ny\nproperty float nz\n";
    if (colors) header += "property uchar red\nproperty uchar green\nproperty uchar blue\n";
    header += "element face " + std::to_string(mesh.triangles.size()) + "\n";
    header += "property list uchar uint vertex_indices\nend_header\n";
    out.put(header);
    for (size_t v = 0; v < mesh.positions.size(); ++v) {
        unsigned char row[27];
        size_t n = 0;
        std::memcpy(row, &mesh.positions[v], 12);
        n += 12;
        if (normals) {
            std::memcpy(row + n, &mesh.normals[v], 12);
            n += 12;
        }
        if (colors) {
            std::memcpy(row + n, mesh.colors[v].data(), 3);
            n += 3;
        }
        out.put(row, n);
    }
    for (const Triangle& t : mesh.triangles) {
        unsigned char row[13];
        row[0] = 3;
        std::memcpy(row + 1, t.data(), 12);
        out.put(row, sizeof row);
    }
}

}  // namespace intake::mesh::io
