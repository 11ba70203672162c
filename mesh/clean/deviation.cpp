#include "mesh/clean/deviation.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "mesh/adjacency.h"
#include "mesh/clean/units.h"

namespace intake::mesh {
namespace {

struct V {
    double x, y, z;
};
V sub(V a, V b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
double dot(V a, V b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
V at(const Mesh& m, uint32_t i) { return {m.positions[i].x, m.positions[i].y, m.positions[i].z}; }
V lerp2(V a, V ab, V ac, double v, double w) {
    return {a.x + ab.x * v + ac.x * w, a.y + ab.y * v + ac.y * w, a.z + ab.z * v + ac.z * w};
}

// Squared distance from p to triangle abc (closest-point regions, Ericson 5.1.5).
double distance2(V p, V a, V b, V c) {
    V ab = sub(b, a), ac = sub(c, a), ap = sub(p, a);
    double d1 = dot(ab, ap), d2 = dot(ac, ap);
    if (d1 <= 0 && d2 <= 0) return dot(ap, ap);
    V bp = sub(p, b);
    double d3 = dot(ab, bp), d4 = dot(ac, bp);
    if (d3 >= 0 && d4 <= d3) return dot(bp, bp);
    double vc = d1 * d4 - d3 * d2;
    V q;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        q = lerp2(a, ab, ac, d1 / (d1 - d3), 0);
    } else {
        V cp = sub(p, c);
        double d5 = dot(ab, cp), d6 = dot(ac, cp);
        double vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
        if (d6 >= 0 && d5 <= d6) {
            q = c;
        } else if (vb <= 0 && d2 >= 0 && d6 <= 0) {
            q = lerp2(a, ab, ac, 0, d2 / (d2 - d6));
        } else if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
            double w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
            q = lerp2(b, sub(c, b), V{0, 0, 0}, w, 0);
        } else {
            double denom = 1.0 / (va + vb + vc);
            q = lerp2(a, ab, ac, vb * denom, vc * denom);
        }
    }
    V d = sub(p, q);
    return dot(d, d);
}

class TriangleGrid {
  public:
    TriangleGrid(const Mesh& mesh, double cell) : mesh_(mesh), cell_(cell) {
        Bounds b = mesh_bounds(mesh);
        origin_ = {b.min.x, b.min.y, b.min.z};
        auto s = b.size();
        // Far-flung debris must not blow the grid up: coarsen until it stays bounded.
        for (;;) {
            for (int a = 0; a < 3; ++a) dims_[a] = std::max<int64_t>(1, int64_t(s[a] / cell_) + 1);
            if (cells() <= (size_t{1} << 22)) break;
            cell_ *= 2;
        }
        std::vector<uint32_t> count(cells() + 1, 0);
        for_each_cell_pass([&](size_t c, uint32_t) { ++count[c + 1]; });
        for (size_t c = 0; c < cells(); ++c) count[c + 1] += count[c];
        offsets_ = count;
        items_.resize(count.back());
        for_each_cell_pass([&](size_t c, uint32_t t) { items_[count[c]++] = t; });
    }

    double nearest2(V p) const {
        int64_t c[3];
        cell_of(p, c);
        const double q[3] = {p.x - origin_.x, p.y - origin_.y, p.z - origin_.z};
        double best = INFINITY;
        for (int64_t ring = 0; ring < 64; ++ring) {
            scan_ring(p, c, ring, best);
            double reach = unvisited_distance(q, c, ring);
            if (best <= reach * reach) break;
        }
        return best;
    }

  private:
    // A lower bound on the distance from p (q: p relative to the grid origin, c: its cell) to
    // any triangle outside the box of cells within `ring` of c. Such a triangle lies wholly
    // beyond one face of the box that is inside the grid, so p's distance to the nearest such
    // face bounds it; ring * cell bounds it too. With only ring * cell every sample scanned the
    // 27 cells of ring 1 although its nearest triangle (about 0.001 mm away) was in ring 0.
    double unvisited_distance(const double q[3], const int64_t c[3], int64_t ring) const {
        double face = INFINITY;
        for (int a = 0; a < 3; ++a) {
            if (c[a] - ring > 0) face = std::min(face, q[a] - double(c[a] - ring) * cell_);
            if (c[a] + ring < dims_[a] - 1)
                face = std::min(face, double(c[a] + ring + 1) * cell_ - q[a]);
        }
        return std::max(double(ring) * cell_, face);
    }

    size_t cells() const { return size_t(dims_[0] * dims_[1] * dims_[2]); }
    void cell_of(V p, int64_t c[3]) const {
        double q[3] = {p.x - origin_.x, p.y - origin_.y, p.z - origin_.z};
        for (int a = 0; a < 3; ++a)
            c[a] = std::clamp<int64_t>(int64_t(std::floor(q[a] / cell_)), 0, dims_[a] - 1);
    }
    template <typename Fn>
    void for_each_cell_pass(Fn&& fn) {
        for (uint32_t t = 0; t < mesh_.triangles.size(); ++t) {
            int64_t lo[3] = {INT64_MAX, INT64_MAX, INT64_MAX}, hi[3] = {0, 0, 0};
            for (uint32_t v : mesh_.triangles[t]) {
                int64_t c[3];
                cell_of(at(mesh_, v), c);
                for (int a = 0; a < 3; ++a)
                    lo[a] = std::min(lo[a], c[a]), hi[a] = std::max(hi[a], c[a]);
            }
            for (int64_t x = lo[0]; x <= hi[0]; ++x)
                for (int64_t y = lo[1]; y <= hi[1]; ++y)
                    for (int64_t z = lo[2]; z <= hi[2]; ++z)
                        fn(size_t((x * dims_[1] + y) * dims_[2] + z), t);
        }
    }
    void scan_ring(V p, const int64_t c[3], int64_t r, double& best) const {
        for (int64_t x = c[0] - r; x <= c[0] + r; ++x) {
            if (x < 0 || x >= dims_[0]) continue;
            for (int64_t y = c[1] - r; y <= c[1] + r; ++y) {
                if (y < 0 || y >= dims_[1]) continue;
                for (int64_t z = c[2] - r; z <= c[2] + r; ++z) {
                    if (z < 0 || z >= dims_[2]) continue;
                    bool shell = std::abs(x - c[0]) == r || std::abs(y - c[1]) == r ||
                                 std::abs(z - c[2]) == r;
                    if (!shell) continue;
                    size_t cell = size_t((x * dims_[1] + y) * dims_[2] + z);
                    for (uint32_t i = offsets_[cell]; i < offsets_[cell + 1]; ++i) {
                        const Triangle& t = mesh_.triangles[items_[i]];
                        best = std::min(
                            best, distance2(p, at(mesh_, t[0]), at(mesh_, t[1]), at(mesh_, t[2])));
                    }
                }
            }
        }
    }

    const Mesh& mesh_;
    double cell_;
    V origin_{};
    int64_t dims_[3] = {1, 1, 1};
    std::vector<uint32_t> offsets_, items_;
};

double mean_edge(const Mesh& mesh) {
    double sum = 0;
    size_t n = std::min<size_t>(mesh.triangles.size(), 10'000);
    for (size_t i = 0; i < n; ++i) {
        const Triangle& t = mesh.triangles[i * mesh.triangles.size() / n];
        V d = sub(at(mesh, t[0]), at(mesh, t[1]));
        sum += std::sqrt(dot(d, d));
    }
    return n ? sum / double(n) : 1.0;
}

}  // namespace

Deviation surface_deviation(const Mesh& reference, const Mesh& target, size_t max_samples) {
    Deviation dev;
    if (reference.positions.empty() || target.triangles.empty()) return dev;
    TriangleGrid grid(target, std::max(1e-3, 2.0 * mean_edge(target)));
    size_t stride = std::max<size_t>(1, reference.positions.size() / max_samples);
    size_t samples = (reference.positions.size() + stride - 1) / stride;
    std::vector<double> dist(samples);
    parallel_ranges(samples, [&](size_t begin, size_t end) {
        for (size_t s = begin; s < end; ++s)
            dist[s] = std::sqrt(grid.nearest2(at(reference, uint32_t(s * stride))));
    });
    for (double d : dist) {
        dev.mean_mm += d;
        dev.max_mm = std::max(dev.max_mm, d);
    }
    dev.samples = samples;
    dev.mean_mm /= double(samples);
    return dev;
}

}  // namespace intake::mesh
