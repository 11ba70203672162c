#include "mesh/clean/holes.h"

#include <algorithm>
#include <cmath>

#include "mesh/clean/faces.h"

namespace intake::mesh {
namespace {

double distance(const Vec3& a, const Vec3& b) {
    double x = a.x - b.x, y = a.y - b.y, z = a.z - b.z;
    return std::sqrt(x * x + y * y + z * z);
}

// Minimum-diagonal ear clipping: always cut off the corner whose closing edge is shortest,
// which keeps fill triangles compact instead of fanning long slivers across the hole.
// Walks the loop backwards so new triangles run each boundary edge the other way.
size_t fill_loop(Mesh& mesh, const BoundaryLoop& loop) {
    std::vector<uint32_t> poly(loop.vertices.rbegin(), loop.vertices.rend());
    size_t added = 0;
    while (poly.size() >= 3) {
        size_t n = poly.size();
        size_t best = 0;
        double best_len = INFINITY;
        for (size_t i = 0; i < n; ++i) {
            uint32_t prev = poly[(i + n - 1) % n], next = poly[(i + 1) % n];
            if (is_degenerate(mesh, {prev, poly[i], next})) continue;
            double len = distance(mesh.positions[prev], mesh.positions[next]);
            if (len < best_len) {
                best_len = len;
                best = i;
            }
        }
        uint32_t prev = poly[(best + n - 1) % n], next = poly[(best + 1) % n];
        // When every ear is flat the corner is dropped without a triangle (it lies on a line).
        if (!is_degenerate(mesh, {prev, poly[best], next})) {
            mesh.triangles.push_back({prev, poly[best], next});
            ++added;
        }
        poly.erase(poly.begin() + static_cast<std::ptrdiff_t>(best));
    }
    return added;
}

}  // namespace

std::vector<BoundaryLoop> trace_boundary_loops(const Mesh& mesh,
                                               std::span<const DirectedEdge> edges,
                                               size_t* open_chains) {
    std::vector<DirectedEdge> sorted(edges.begin(), edges.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<uint8_t> used(sorted.size(), 0);
    auto take_from = [&](uint32_t v) -> int64_t {
        auto it = std::lower_bound(sorted.begin(), sorted.end(), DirectedEdge{v, 0});
        for (; it != sorted.end() && it->first == v; ++it) {
            size_t k = static_cast<size_t>(it - sorted.begin());
            if (!used[k]) {
                used[k] = 1;
                return static_cast<int64_t>(k);
            }
        }
        return -1;
    };
    std::vector<BoundaryLoop> loops;
    size_t broken = 0;
    for (size_t s = 0; s < sorted.size(); ++s) {
        if (used[s]) continue;
        used[s] = 1;
        BoundaryLoop loop;
        uint32_t start = sorted[s].first, cur = sorted[s].second;
        loop.vertices.push_back(start);
        loop.perimeter_mm = distance(mesh.positions[start], mesh.positions[cur]);
        bool closed = true;
        while (cur != start) {
            int64_t k = take_from(cur);
            if (k < 0) {
                closed = false;
                break;
            }
            loop.vertices.push_back(cur);
            uint32_t next = sorted[static_cast<size_t>(k)].second;
            loop.perimeter_mm += distance(mesh.positions[cur], mesh.positions[next]);
            cur = next;
        }
        if (closed) {
            loops.push_back(std::move(loop));
        } else {
            ++broken;
        }
    }
    if (open_chains != nullptr) *open_chains = broken;
    return loops;
}

VoidReport describe_void(const Mesh& mesh, const BoundaryLoop& loop) {
    VoidReport v;
    v.perimeter_mm = loop.perimeter_mm;
    v.boundary_vertices = loop.vertices;
    double cx = 0, cy = 0, cz = 0;
    for (uint32_t i : loop.vertices) {
        cx += mesh.positions[i].x;
        cy += mesh.positions[i].y;
        cz += mesh.positions[i].z;
    }
    double n = static_cast<double>(loop.vertices.size());
    v.center = {static_cast<float>(cx / n), static_cast<float>(cy / n), static_cast<float>(cz / n)};
    double ax = 0, ay = 0, az = 0;  // vector area around the centre
    for (size_t i = 0; i < loop.vertices.size(); ++i) {
        const Vec3& p = mesh.positions[loop.vertices[i]];
        const Vec3& q = mesh.positions[loop.vertices[(i + 1) % loop.vertices.size()]];
        double px = p.x - cx / n, py = p.y - cy / n, pz = p.z - cz / n;
        double qx = q.x - cx / n, qy = q.y - cy / n, qz = q.z - cz / n;
        ax += py * qz - pz * qy;
        ay += pz * qx - px * qz;
        az += px * qy - py * qx;
        v.radius_mm = std::max(v.radius_mm, distance(p, v.center));
    }
    v.area_mm2 = 0.5 * std::sqrt(ax * ax + ay * ay + az * az);
    return v;
}

HoleResult process_holes(Mesh& mesh, std::span<const DirectedEdge> boundary,
                         const HoleOptions& options, bool fill) {
    HoleResult result;
    std::vector<BoundaryLoop> loops = trace_boundary_loops(mesh, boundary, &result.open_chains);
    result.loops = loops.size();
    for (const BoundaryLoop& loop : loops) {
        if (loop.perimeter_mm > options.border_min_perimeter_mm) {
            ++result.borders;
        } else if (loop.perimeter_mm <= options.max_fill_perimeter_mm &&
                   loop.vertices.size() <= options.max_fill_vertices) {
            ++result.small_holes;
            if (fill) {
                // A flat slit (all corners on a line) gets no triangles and stays a slit.
                size_t added = fill_loop(mesh, loop);
                result.fill_triangles += added;
                result.filled += added > 0;
            }
        } else {
            result.voids.push_back(describe_void(mesh, loop));
        }
    }
    return result;
}

}  // namespace intake::mesh
