#include "mesh/clean/faces.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "mesh/clean/compact.h"

namespace intake::mesh {
namespace {

// A triangle has "zero area" when its height is below this fraction of its longest edge:
// float32 coordinates around 50 mm carry ~4e-6 mm of rounding, so exactly collinear corners
// never give an exactly zero cross product.
constexpr double kMinHeightRatio = 1e-5;
constexpr double kMinHeightMm = 1e-5;  // 10 nm: float32 rounding at 100 mm is ~8 nm

Triangle sorted(Triangle t) {
    std::sort(t.begin(), t.end());
    return t;
}

// |cross|² and the longest edge² in the given corner order.
void cross_and_longest(const Mesh& mesh, const Triangle& t, double& cross2, double& longest2) {
    const Vec3& a = mesh.positions[t[0]];
    const Vec3& b = mesh.positions[t[1]];
    const Vec3& c = mesh.positions[t[2]];
    double ux = b.x - a.x, uy = b.y - a.y, uz = b.z - a.z;
    double vx = c.x - a.x, vy = c.y - a.y, vz = c.z - a.z;
    double wx = c.x - b.x, wy = c.y - b.y, wz = c.z - b.z;
    double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    cross2 = nx * nx + ny * ny + nz * nz;
    longest2 = std::max(
        {ux * ux + uy * uy + uz * uz, vx * vx + vy * vy + vz * vz, wx * wx + wy * wy + wz * wz});
}

// (|cross| limit)² = (max(ratio * longest, floor) * longest)², without a square root.
double limit2(double longest2) {
    return std::max(kMinHeightRatio * kMinHeightRatio * longest2, kMinHeightMm * kMinHeightMm) *
           longest2;
}

}  // namespace

bool is_degenerate(const Mesh& mesh, Triangle t) {
    if (t[0] == t[1] || t[1] == t[2] || t[0] == t[2]) return true;
    // Clearly fat triangles need no canonical order: a 4x margin dwarfs any rounding difference.
    double cross2 = 0, longest2 = 0;
    cross_and_longest(mesh, t, cross2, longest2);
    if (cross2 > 16.0 * limit2(longest2)) return false;
    // Canonical corner order by position: the rounding of the test must depend neither on the
    // winding nor on vertex numbering, or a second cleanup could judge a borderline triangle
    // differently.
    auto before = [&](uint32_t i, uint32_t j) {
        const Vec3 &p = mesh.positions[i], &q = mesh.positions[j];
        return std::tie(p.x, p.y, p.z) < std::tie(q.x, q.y, q.z);
    };
    std::sort(t.begin(), t.end(), before);
    cross_and_longest(mesh, t, cross2, longest2);
    return cross2 <= limit2(longest2);
}

size_t remove_degenerate_faces(Mesh& mesh) {
    std::vector<uint8_t> dead(mesh.triangles.size(), 0);
    // Independent per face: both halves at once.
    parallel_ranges(mesh.triangles.size(), [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) dead[t] = is_degenerate(mesh, mesh.triangles[t]);
    });
    size_t count = 0;
    for (uint8_t d : dead) count += d;
    if (count > 0) remove_triangles(mesh, dead);
    return count;
}

size_t remove_duplicate_faces(Mesh& mesh, const VertexFaces& vf) {
    std::vector<uint8_t> dead(mesh.triangles.size(), 0);
    // t is a duplicate when any earlier face has the same vertex set (that face shares the
    // smallest vertex). Independent per face, so both halves run at once.
    parallel_ranges(mesh.triangles.size(), [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            Triangle key = sorted(mesh.triangles[t]);
            for (uint32_t f : vf.of(key[0])) {
                if (f >= t) break;
                const Triangle& o = mesh.triangles[f];
                if (o[0] + o[1] + o[2] == key[0] + key[1] + key[2] && sorted(o) == key) {
                    dead[t] = 1;
                    break;
                }
            }
        }
    });
    size_t count = 0;
    for (uint8_t d : dead) count += d;
    if (count > 0) remove_triangles(mesh, dead);
    return count;
}

}  // namespace intake::mesh
