#include "mesh/clean/normals.h"

#include <cmath>

namespace intake::mesh {

void compute_vertex_normals(Mesh& mesh) {
    mesh.normals.assign(mesh.positions.size(), Vec3{});
    for (const Triangle& t : mesh.triangles) {
        const Vec3& a = mesh.positions[t[0]];
        const Vec3& b = mesh.positions[t[1]];
        const Vec3& c = mesh.positions[t[2]];
        float ux = b.x - a.x, uy = b.y - a.y, uz = b.z - a.z;
        float vx = c.x - a.x, vy = c.y - a.y, vz = c.z - a.z;
        Vec3 n{uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
        for (uint32_t v : t) {
            mesh.normals[v].x += n.x;
            mesh.normals[v].y += n.y;
            mesh.normals[v].z += n.z;
        }
    }
    for (Vec3& n : mesh.normals) {
        float len = std::sqrt(n.x * n.x + n.y * n.y + n.z * n.z);
        if (len > 0) n = {n.x / len, n.y / len, n.z / len};
    }
}

}  // namespace intake::mesh
