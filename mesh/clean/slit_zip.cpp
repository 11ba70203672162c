#include "mesh/clean/slit_zip.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "mesh/clean/faces.h"

namespace intake::mesh {
namespace {

struct Axis {
    Vec3 origin;
    double dx = 0, dy = 0, dz = 0;  // unit direction
    double length = 0;
};

double dist(const Vec3& a, const Vec3& b) {
    double x = a.x - b.x, y = a.y - b.y, z = a.z - b.z;
    return std::sqrt(x * x + y * y + z * z);
}

size_t farthest_from(const Mesh& mesh, const std::vector<uint32_t>& loop, uint32_t from) {
    size_t best = 0;
    double best_d = -1;
    for (size_t i = 0; i < loop.size(); ++i) {
        double d = dist(mesh.positions[loop[i]], mesh.positions[from]);
        if (d > best_d) best_d = d, best = i;
    }
    return best;
}

double along(const Mesh& mesh, const Axis& ax, uint32_t v) {
    const Vec3& p = mesh.positions[v];
    return (p.x - ax.origin.x) * ax.dx + (p.y - ax.origin.y) * ax.dy + (p.z - ax.origin.z) * ax.dz;
}

// Distance of v from the axis line.
double off_axis(const Mesh& mesh, const Axis& ax, uint32_t v) {
    double t = along(mesh, ax, v);
    const Vec3& p = mesh.positions[v];
    double x = p.x - ax.origin.x - t * ax.dx, y = p.y - ax.origin.y - t * ax.dy,
           z = p.z - ax.origin.z - t * ax.dz;
    return std::sqrt(x * x + y * y + z * z);
}

// One face along the slit, split at the other side's vertices: seq runs u, inserted..., v.
struct Split {
    uint32_t triangle = 0;
    uint32_t apex = 0;
    std::vector<uint32_t> seq;
};

// True when t strictly increases (sign +1) or decreases (sign -1) along the chain.
bool monotone(const std::vector<double>& t, double sign, double step) {
    for (size_t i = 0; i + 1 < t.size(); ++i) {
        if (sign * (t[i + 1] - t[i]) <= step) return false;
    }
    return true;
}

// Splits planned for one side of the slit; false when a face cannot be split cleanly.
bool plan_side(const Mesh& mesh, const FillContext& ctx, const std::vector<uint32_t>& chain,
               const std::vector<double>& t, const std::vector<std::pair<double, uint32_t>>& others,
               std::unordered_set<uint32_t>& used, std::vector<Split>& splits) {
    for (size_t i = 0; i + 1 < chain.size(); ++i) {
        double lo = std::min(t[i], t[i + 1]), hi = std::max(t[i], t[i + 1]);
        Split s;
        s.seq.push_back(chain[i]);
        for (const auto& [tv, v] : others) {
            if (tv > lo && tv < hi) s.seq.push_back(v);
        }
        if (s.seq.size() == 1) continue;
        if (t[i] > t[i + 1]) std::reverse(s.seq.begin() + 1, s.seq.end());
        s.seq.push_back(chain[i + 1]);
        s.triangle = ctx.triangle_of(chain[i], chain[i + 1]);
        if (s.triangle == UINT32_MAX || !used.insert(s.triangle).second) return false;
        const Triangle& tri = mesh.triangles[s.triangle];
        for (uint32_t c : tri) {
            if (c != chain[i] && c != chain[i + 1]) s.apex = c;
        }
        for (size_t j = 0; j + 1 < s.seq.size(); ++j) {
            if (s.seq[j] == s.apex || is_degenerate(mesh, {s.seq[j], s.seq[j + 1], s.apex})) {
                return false;
            }
        }
        splits.push_back(std::move(s));
    }
    return true;
}

}  // namespace

bool zip_slit(Mesh& mesh, const std::vector<uint32_t>& loop, FillContext& ctx, size_t& added) {
    const size_t n = loop.size();
    if (n < 3) return false;
    size_t ia = farthest_from(mesh, loop, loop[0]);
    size_t ib = farthest_from(mesh, loop, loop[ia]);
    Axis ax{mesh.positions[loop[ia]]};
    ax.length = dist(mesh.positions[loop[ib]], ax.origin);
    if (ia == ib || ax.length <= 0) return false;
    const Vec3& b = mesh.positions[loop[ib]];
    ax.dx = (b.x - ax.origin.x) / ax.length;
    ax.dy = (b.y - ax.origin.y) / ax.length;
    ax.dz = (b.z - ax.origin.z) / ax.length;
    // A slit is flat to within a thousandth of its length: closing it moves nothing by more.
    double tolerance = std::max(1e-3 * ax.length, 1e-5);
    for (uint32_t v : loop) {
        if (off_axis(mesh, ax, v) > tolerance) return false;
    }
    // The loop from A to B is one side of the slit, from B back to A the other.
    size_t k = (ib + n - ia) % n;
    std::vector<uint32_t> side1, side2;
    for (size_t i = 0; i <= k; ++i) side1.push_back(loop[(ia + i) % n]);
    for (size_t i = k; i <= n; ++i) side2.push_back(loop[(ia + i) % n]);
    std::vector<double> t1, t2;
    for (uint32_t v : side1) t1.push_back(along(mesh, ax, v));
    for (uint32_t v : side2) t2.push_back(along(mesh, ax, v));
    const double step = 1e-5;
    if (!monotone(t1, 1, step) || !monotone(t2, -1, step)) return false;
    std::vector<std::pair<double, uint32_t>> inner1, inner2;
    for (size_t i = 1; i + 1 < side1.size(); ++i) inner1.push_back({t1[i], side1[i]});
    for (size_t i = 1; i + 1 < side2.size(); ++i) inner2.push_back({t2[i], side2[i]});
    for (const auto& p : inner1) {
        for (const auto& q : inner2) {
            if (std::abs(p.first - q.first) <= step) return false;  // two corners at one spot
        }
    }
    std::sort(inner1.begin(), inner1.end());
    std::sort(inner2.begin(), inner2.end());
    std::unordered_set<uint32_t> used;
    std::vector<Split> splits;
    if (!plan_side(mesh, ctx, side1, t1, inner2, used, splits) ||
        !plan_side(mesh, ctx, side2, t2, inner1, used, splits) || splits.empty()) {
        return false;
    }
    added = 0;
    for (const Split& s : splits) {
        ctx.set_triangle(s.seq.front(), s.seq.back(), UINT32_MAX);
        for (size_t j = 0; j + 1 < s.seq.size(); ++j) {
            Triangle tri{s.seq[j], s.seq[j + 1], s.apex};
            auto index = static_cast<uint32_t>(mesh.triangles.size());
            if (j == 0) {
                index = s.triangle;
                mesh.triangles[index] = tri;
            } else {
                mesh.triangles.push_back(tri);
                ++added;
            }
            for (int e = 0; e < 3; ++e) {
                ctx.add_edge(tri[e], tri[(e + 1) % 3]);
                ctx.set_triangle(tri[e], tri[(e + 1) % 3], index);
            }
        }
    }
    return true;
}

}  // namespace intake::mesh
