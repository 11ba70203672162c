#include "mesh/clean/holes.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "mesh/clean/hole_fill.h"

namespace intake::mesh {
namespace {

double distance(const Vec3& a, const Vec3& b) {
    double x = a.x - b.x, y = a.y - b.y, z = a.z - b.z;
    return std::sqrt(x * x + y * y + z * z);
}

// Splits a closed walk that passes a vertex twice (two holes touching at a corner, a hole
// pinched at a vertex, a hole touching the border) into simple loops, one per hole.
void split_at_repeats(const Mesh& mesh, const std::vector<uint32_t>& walk,
                      std::vector<BoundaryLoop>& out) {
    std::vector<uint32_t> stack;
    std::unordered_map<uint32_t, size_t> position;
    auto emit = [&](size_t from) {
        BoundaryLoop loop;
        loop.vertices.assign(stack.begin() + static_cast<std::ptrdiff_t>(from), stack.end());
        for (size_t i = 0; i < loop.vertices.size(); ++i) {
            loop.perimeter_mm +=
                distance(mesh.positions[loop.vertices[i]],
                         mesh.positions[loop.vertices[(i + 1) % loop.vertices.size()]]);
        }
        out.push_back(std::move(loop));
    };
    for (uint32_t v : walk) {
        auto it = position.find(v);
        if (it == position.end()) {
            position[v] = stack.size();
            stack.push_back(v);
            continue;
        }
        size_t from = it->second;
        emit(from);
        for (size_t i = from + 1; i < stack.size(); ++i) position.erase(stack[i]);
        stack.resize(from + 1);
    }
    if (!stack.empty()) emit(0);
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
        std::vector<uint32_t> walk;
        uint32_t start = sorted[s].first, cur = sorted[s].second;
        walk.push_back(start);
        bool closed = true;
        while (cur != start) {
            int64_t k = take_from(cur);
            if (k < 0) {
                closed = false;
                break;
            }
            walk.push_back(cur);
            cur = sorted[static_cast<size_t>(k)].second;
        }
        if (closed) {
            split_at_repeats(mesh, walk, loops);
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
    std::vector<std::vector<uint32_t>> small;
    for (const BoundaryLoop& loop : loops) {
        if (loop.perimeter_mm > options.border_min_perimeter_mm) {
            ++result.borders;
        } else if (loop.perimeter_mm <= options.max_fill_perimeter_mm &&
                   loop.vertices.size() <= options.max_fill_vertices) {
            ++result.small_holes;
            if (fill) small.push_back(loop.vertices);
        } else {
            result.voids.push_back(describe_void(mesh, loop));
        }
    }
    if (small.empty()) return result;
    FillContext context(mesh, small);
    for (size_t i = 0; i < small.size(); ++i) {
        FillOutcome outcome = fill_hole(mesh, small[i], context);
        if (outcome.closed) {
            ++result.filled;
            result.fill_triangles += outcome.triangles_added;
            result.zipped += std::string_view(outcome.method) == "zip";
            result.fanned += std::string_view(outcome.method) == "fan";
            continue;
        }
        // Small but not closable without folding or overlapping the surface: a lab must see
        // it, so it is reported like any other void rather than left open and unmentioned.
        BoundaryLoop loop{small[i], 0};
        for (size_t k = 0; k < loop.vertices.size(); ++k) {
            loop.perimeter_mm +=
                distance(mesh.positions[loop.vertices[k]],
                         mesh.positions[loop.vertices[(k + 1) % loop.vertices.size()]]);
        }
        VoidReport v = describe_void(mesh, loop);
        v.kind = "unfillable";
        result.voids.push_back(std::move(v));
    }
    return result;
}

}  // namespace intake::mesh
