// OBJ: `v x y z` with the shortest text that reads back to the same float (std::to_chars),
// so an OBJ round trip is exact too; `vn` when normals exist; 1-based `f a//a ...`.
#include <charconv>
#include <cstdio>

#include "mesh/io/writers.h"

namespace intake::mesh::io {
namespace {

void put_floats(ChunkWriter& out, std::string_view prefix, const Vec3& v) {
    char line[96];
    char* p = line;
    std::memcpy(p, prefix.data(), prefix.size());
    p += prefix.size();
    for (float f : {v.x, v.y, v.z}) {
        *p++ = ' ';
        p = std::to_chars(p, line + sizeof line, f).ptr;
    }
    *p++ = '\n';
    out.put(line, static_cast<size_t>(p - line));
}

}  // namespace

void write_obj(const Mesh& mesh, ChunkWriter& out) {
    out.put("# written by intake-station (millimetres)\n");
    for (const Vec3& p : mesh.positions) put_floats(out, "v", p);
    bool normals = mesh.has_normals();
    if (normals) {
        for (const Vec3& n : mesh.normals) put_floats(out, "vn", n);
    }
    for (const Triangle& t : mesh.triangles) {
        // 3 corners x (2 x 10 digits + 3 separators) + "f\n" fits with room to spare.
        char line[128];
        char* p = line;
        *p++ = 'f';
        for (uint32_t index : t) {
            *p++ = ' ';
            p = std::to_chars(p, line + 64, index + 1).ptr;
            if (normals) {
                p[0] = '/';
                p[1] = '/';
                p = std::to_chars(p + 2, line + 120, index + 1).ptr;
            }
        }
        *p++ = '\n';
        out.put(line, static_cast<size_t>(p - line));
    }
}

}  // namespace intake::mesh::io
