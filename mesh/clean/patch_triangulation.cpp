#include "mesh/clean/patch_triangulation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mesh/clean/faces.h"

namespace intake::mesh {
namespace {

constexpr double kNone = std::numeric_limits<double>::infinity();
// A patch triangle must face along the hole's plane: its projected area at least this share
// of its true area (tilt under ~78°). One standing on edge folds against its neighbours.
constexpr double kMinFacing = 0.2;

double cross(Point2 o, Point2 a, Point2 b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

// Twice the triangle's area in space.
double area2(const Mesh& mesh, uint32_t a, uint32_t b, uint32_t c) {
    const Vec3 &pa = mesh.positions[a], &pb = mesh.positions[b], &pc = mesh.positions[c];
    double ux = pb.x - pa.x, uy = pb.y - pa.y, uz = pb.z - pa.z;
    double vx = pc.x - pa.x, vy = pc.y - pa.y, vz = pc.z - pa.z;
    double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    return std::sqrt(nx * nx + ny * ny + nz * nz);
}

bool segments_cross(Point2 a, Point2 b, Point2 c, Point2 d) {
    double d1 = cross(a, b, c), d2 = cross(a, b, d), d3 = cross(c, d, a), d4 = cross(c, d, b);
    return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0)) && d1 != 0 && d2 != 0 && d3 != 0 &&
           d4 != 0;
}

bool inside_polygon(const std::vector<Point2>& q, Point2 p) {
    bool in = false;
    for (size_t i = 0, j = q.size() - 1; i < q.size(); j = i++) {
        if ((q[i].y > p.y) != (q[j].y > p.y) &&
            p.x < (q[j].x - q[i].x) * (p.y - q[i].y) / (q[j].y - q[i].y) + q[i].x) {
            in = !in;
        }
    }
    return in;
}

// diagonal[i * n + j]: i-j runs inside the polygon, crosses no side and is a new edge.
std::vector<uint8_t> valid_diagonals(const std::vector<uint32_t>& poly,
                                     const std::vector<Point2>& q,
                                     const std::function<bool(uint32_t, uint32_t)>& edge_exists) {
    const size_t n = poly.size();
    std::vector<uint8_t> ok(n * n, 0);
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1) continue;  // a side, not a diagonal
            bool good = !edge_exists(poly[i], poly[j]) &&
                        inside_polygon(q, {(q[i].x + q[j].x) / 2, (q[i].y + q[j].y) / 2});
            for (size_t e = 0; e < n && good; ++e) {
                size_t f = (e + 1) % n;
                if (e == i || e == j || f == i || f == j) continue;
                good = !segments_cross(q[i], q[j], q[e], q[f]);
            }
            ok[i * n + j] = ok[j * n + i] = good;
        }
    }
    return ok;
}

}  // namespace

bool triangulate_patch(const Mesh& mesh, const std::vector<uint32_t>& poly,
                       const std::vector<Point2>& flat,
                       const std::function<bool(uint32_t, uint32_t)>& edge_exists,
                       std::vector<Triangle>& out) {
    const size_t n = poly.size();
    if (n < 3) return false;
    std::vector<uint8_t> diagonal = valid_diagonals(poly, flat, edge_exists);
    auto side_ok = [&](size_t a, size_t b) { return b == a + 1 || diagonal[a * n + b]; };
    // cost[i * n + j]: the cheapest patch of the chain i..j closed by i-j; choice: its apex.
    std::vector<double> cost(n * n, kNone);
    std::vector<uint32_t> choice(n * n, 0);
    for (size_t i = 0; i + 1 < n; ++i) cost[i * n + i + 1] = 0;
    for (size_t len = 2; len < n; ++len) {
        for (size_t i = 0; i + len < n; ++i) {
            size_t j = i + len;
            if (!side_ok(i, j) && !(i == 0 && j == n - 1)) continue;
            for (size_t k = i + 1; k < j; ++k) {
                double sub = cost[i * n + k] + cost[k * n + j];
                if (sub == kNone || !side_ok(i, k) || !side_ok(k, j)) continue;
                double projected = cross(flat[i], flat[k], flat[j]);
                double true_area = area2(mesh, poly[i], poly[k], poly[j]);
                if (projected <= kMinFacing * true_area || projected <= 0) continue;
                if (is_degenerate(mesh, {poly[i], poly[k], poly[j]})) continue;
                // Least area in space (flattest patch), then short diagonals as a tie-break.
                double c = sub + true_area;
                if (c < cost[i * n + j]) cost[i * n + j] = c, choice[i * n + j] = uint32_t(k);
            }
        }
    }
    if (cost[n - 1] == kNone) return false;
    std::vector<std::pair<size_t, size_t>> stack{{0, n - 1}};
    while (!stack.empty()) {
        auto [i, j] = stack.back();
        stack.pop_back();
        if (j < i + 2) continue;
        size_t k = choice[i * n + j];
        out.push_back({poly[i], poly[k], poly[j]});
        stack.push_back({i, k});
        stack.push_back({k, j});
    }
    return true;
}

}  // namespace intake::mesh
