// Binary STL: 80-byte header, count, then per triangle a unit normal, three corners and a
// zero attribute word. Little-endian by definition (the station only runs on LE machines).
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "mesh/io/writers.h"

namespace intake::mesh::io {
namespace {

constexpr size_t kRecordBytes = 50;

static_assert(std::endian::native == std::endian::little, "STL writer assumes little endian");

Vec3 facet_normal(const Vec3& a, const Vec3& b, const Vec3& c) {
    float ux = b.x - a.x, uy = b.y - a.y, uz = b.z - a.z;
    float vx = c.x - a.x, vy = c.y - a.y, vz = c.z - a.z;
    Vec3 n{uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
    float len = std::sqrt(n.x * n.x + n.y * n.y + n.z * n.z);
    if (len > 0) n = {n.x / len, n.y / len, n.z / len};
    return n;
}

}  // namespace

void write_stl_binary(const Mesh& mesh, ChunkWriter& out) {
    char header[80] = "binary STL written by intake-station (millimetres)";
    out.put(header, sizeof header);
    out.put_value(static_cast<uint32_t>(mesh.triangles.size()));
    // Records are built in the writer's buffer: a million of them is the whole cost of
    // writing an STL, and a copy per record showed in profiles.
    for (const Triangle& t : mesh.triangles) {
        const Vec3& a = mesh.positions[t[0]];
        const Vec3& b = mesh.positions[t[1]];
        const Vec3& c = mesh.positions[t[2]];
        std::byte* record = out.claim(kRecordBytes);
        Vec3 n = facet_normal(a, b, c);
        std::memcpy(record, &n, 12);
        std::memcpy(record + 12, &a, 12);
        std::memcpy(record + 24, &b, 12);
        std::memcpy(record + 36, &c, 12);
        std::memset(record + 48, 0, 2);  // attribute byte count
    }
}

}  // namespace intake::mesh::io
