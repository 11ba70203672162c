#include "mesh/analysis/surface_index.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include "mesh/analysis/parallel.h"

namespace intake::mesh {
namespace {

constexpr uint32_t kLeafSize = 4;

inline float dot3(const float* a, const float* b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// Closest point on triangle t (9 floats) to p, with its barycentric coordinates (Ericson,
// Real-Time Collision Detection §5.1.5): regions are tested in order so each case is exact.
void closest_on_triangle(const float* t, const float* p, float* out, float* bary) {
    const float* a = t;
    const float ab[3] = {t[3] - a[0], t[4] - a[1], t[5] - a[2]};
    const float ac[3] = {t[6] - a[0], t[7] - a[1], t[8] - a[2]};
    const float ap[3] = {p[0] - a[0], p[1] - a[1], p[2] - a[2]};
    auto set = [&](float u, float v, float w) {
        bary[0] = u, bary[1] = v, bary[2] = w;
        for (int i = 0; i < 3; ++i) out[i] = a[i] + v * ab[i] + w * ac[i];
    };
    const float d1 = dot3(ab, ap), d2 = dot3(ac, ap);
    if (d1 <= 0 && d2 <= 0) return set(1, 0, 0);
    const float bp[3] = {p[0] - t[3], p[1] - t[4], p[2] - t[5]};
    const float d3 = dot3(ab, bp), d4 = dot3(ac, bp);
    if (d3 >= 0 && d4 <= d3) return set(0, 1, 0);
    const float vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        const float v = d1 / (d1 - d3);
        return set(1 - v, v, 0);
    }
    const float cp[3] = {p[0] - t[6], p[1] - t[7], p[2] - t[8]};
    const float d5 = dot3(ab, cp), d6 = dot3(ac, cp);
    if (d6 >= 0 && d5 <= d6) return set(0, 0, 1);
    const float vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) {
        const float w = d2 / (d2 - d6);
        return set(1 - w, 0, w);
    }
    const float va = d3 * d6 - d5 * d4;
    if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
        const float w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        return set(0, 1 - w, w);
    }
    const float sum = va + vb + vc;
    if (!(sum > 0)) return set(1, 0, 0);  // degenerate triangle: its first corner will do
    const float v = vb / sum, w = vc / sum;
    set(1 - v - w, v, w);
}

inline float box_distance2(const float* lo, const float* hi, const float* q) {
    float d2 = 0;
    for (int i = 0; i < 3; ++i) {
        const float d = std::max({lo[i] - q[i], 0.0f, q[i] - hi[i]});
        d2 += d * d;
    }
    return d2;
}

Vec3 face_normal_of(const Mesh& mesh, const Triangle& t) {
    const Vec3d a = to_d(mesh.positions[t[0]]);
    const Vec3d n = cross(to_d(mesh.positions[t[1]]) - a, to_d(mesh.positions[t[2]]) - a);
    return to_f(normalized(n));
}

}  // namespace

std::vector<Vec3> angle_weighted_normals(const Mesh& mesh) {
    std::vector<Vec3d> sum(mesh.positions.size());
    for (const auto& t : mesh.triangles) {
        const Vec3d n = to_d(face_normal_of(mesh, t));
        for (int k = 0; k < 3; ++k) {
            const Vec3d p = to_d(mesh.positions[t[k]]);
            const Vec3d e1 = normalized(to_d(mesh.positions[t[(k + 1) % 3]]) - p);
            const Vec3d e2 = normalized(to_d(mesh.positions[t[(k + 2) % 3]]) - p);
            const double angle = std::acos(std::clamp(dot(e1, e2), -1.0, 1.0));
            sum[t[k]] = sum[t[k]] + n * angle;
        }
    }
    std::vector<Vec3> out(sum.size());
    for (size_t i = 0; i < sum.size(); ++i) out[i] = to_f(normalized(sum[i]));
    return out;
}

static uint32_t subtree_size(uint32_t n) {
    if (n <= kLeafSize) return 1;
    return 1 + subtree_size(n / 2) + subtree_size(n - n / 2);
}

SurfaceIndex::SurfaceIndex(const Mesh& mesh) : triangles_(mesh.triangles) {
    const auto n = static_cast<uint32_t>(mesh.triangles.size());
    face_normals_.resize(n);
    parallel_for(n, [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) face_normals_[i] = face_normal_of(mesh, mesh.triangles[i]);
    });
    vertex_normals_ = angle_weighted_normals(mesh);
    tri_ids_.resize(n);
    std::iota(tri_ids_.begin(), tri_ids_.end(), 0u);
    if (n == 0) return;
    std::vector<Item> items(n);
    tri_pos_.resize(n);
    for (uint32_t i = 0; i < n; ++i) {
        const auto& t = mesh.triangles[i];
        const Vec3 &a = mesh.positions[t[0]], &b = mesh.positions[t[1]], &c = mesh.positions[t[2]];
        items[i] = {{(a.x + b.x + c.x) / 3, (a.y + b.y + c.y) / 3, (a.z + b.z + c.z) / 3}, i};
    }
    nodes_.resize(subtree_size(n));
    if (n <= kLeafSize) {
        build(0, 0, n, items);
    } else {
        const uint32_t mid = n / 2;
        split(0, mid, n, items);
        nodes_[0].count = 0;
        nodes_[0].first = 1 + subtree_size(mid);
        std::thread left([&] { build(1, 0, mid, items); });
        build(nodes_[0].first, mid, n, items);
        left.join();
    }
    slots_.resize(n);
    parallel_for(n, [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
            tri_ids_[i] = items[i].id;
            slots_[tri_ids_[i]] = static_cast<uint32_t>(i);
            const auto& t = mesh.triangles[tri_ids_[i]];
            for (int k = 0; k < 3; ++k) {
                const Vec3& p = mesh.positions[t[k]];
                tri_pos_[i][3 * k] = p.x, tri_pos_[i][3 * k + 1] = p.y,
                                tri_pos_[i][3 * k + 2] = p.z;
            }
        }
    });
    fit_bounds(0);
}

// Partitions items[begin, end) around `mid` along the widest axis of their centroids.
void SurfaceIndex::split(uint32_t begin, uint32_t mid, uint32_t end, std::vector<Item>& items) {
    float lo[3] = {std::numeric_limits<float>::max(), std::numeric_limits<float>::max(),
                   std::numeric_limits<float>::max()};
    float hi[3] = {std::numeric_limits<float>::lowest(), std::numeric_limits<float>::lowest(),
                   std::numeric_limits<float>::lowest()};
    for (uint32_t i = begin; i < end; ++i) {
        const float* v = items[i].c;
        for (int k = 0; k < 3; ++k) lo[k] = std::min(lo[k], v[k]), hi[k] = std::max(hi[k], v[k]);
    }
    int axis = 0;
    for (int k = 1; k < 3; ++k) {
        if (hi[k] - lo[k] > hi[axis] - lo[axis]) axis = k;
    }
    std::nth_element(items.begin() + begin, items.begin() + mid, items.begin() + end,
                     [axis](const Item& a, const Item& b) { return a.c[axis] < b.c[axis]; });
}

// Median split; bounds are fitted afterwards, once the triangle corners are in BVH order.
void SurfaceIndex::build(uint32_t node, uint32_t begin, uint32_t end, std::vector<Item>& items) {
    if (end - begin <= kLeafSize) {
        nodes_[node].first = begin;
        nodes_[node].count = end - begin;
        return;
    }
    const uint32_t mid = begin + (end - begin) / 2;
    split(begin, mid, end, items);
    nodes_[node].count = 0;
    nodes_[node].first = node + 1 + subtree_size(mid - begin);
    build(node + 1, begin, mid, items);
    build(nodes_[node].first, mid, end, items);
}

void SurfaceIndex::fit_bounds(uint32_t root) {
    // Children follow their parent in the array, so a backward sweep sees children first.
    for (size_t i = nodes_.size(); i-- > root;) {
        Node& node = nodes_[i];
        std::fill(node.lo, node.lo + 3, std::numeric_limits<float>::max());
        std::fill(node.hi, node.hi + 3, std::numeric_limits<float>::lowest());
        if (node.count != 0) {
            for (uint32_t t = node.first; t < node.first + node.count; ++t) {
                for (int k = 0; k < 9; ++k) {
                    node.lo[k % 3] = std::min(node.lo[k % 3], tri_pos_[t][k]);
                    node.hi[k % 3] = std::max(node.hi[k % 3], tri_pos_[t][k]);
                }
            }
            continue;
        }
        const Node &l = nodes_[i + 1], &r = nodes_[node.first];
        for (int k = 0; k < 3; ++k) {
            node.lo[k] = std::min(l.lo[k], r.lo[k]);
            node.hi[k] = std::max(l.hi[k], r.hi[k]);
        }
    }
}

void SurfaceIndex::search_leaf(const Node& node, const float q[3], float& best_d2, SurfaceHit& hit,
                               float bary[3]) const {
    for (uint32_t i = node.first; i < node.first + node.count; ++i) {
        float c[3], b[3];
        closest_on_triangle(tri_pos_[i].data(), q, c, b);
        const float d[3] = {q[0] - c[0], q[1] - c[1], q[2] - c[2]};
        const float d2 = dot3(d, d);
        if (d2 < best_d2) {
            best_d2 = d2;
            hit.found = true;
            hit.triangle = tri_ids_[i];
            hit.point = {c[0], c[1], c[2]};
            std::copy(b, b + 3, bary);
        }
    }
}

double SurfaceIndex::triangle_distance(uint32_t t, const Vec3d& p) const {
    const float q[3] = {static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(p.z)};
    float c[3], b[3];
    closest_on_triangle(tri_pos_[slots_[t]].data(), q, c, b);
    const float d[3] = {q[0] - c[0], q[1] - c[1], q[2] - c[2]};
    return std::sqrt(static_cast<double>(dot3(d, d)));
}

SurfaceHit SurfaceIndex::closest(const Vec3d& p, double max_distance) const {
    SurfaceHit hit;
    if (nodes_.empty()) return hit;
    const float q[3] = {static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(p.z)};
    float best_d2 = std::isfinite(max_distance) ? static_cast<float>(max_distance * max_distance)
                                                : std::numeric_limits<float>::infinity();
    float bary[3] = {1, 0, 0};
    uint32_t stack[64];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Node& node = nodes_[stack[--top]];
        if (box_distance2(node.lo, node.hi, q) >= best_d2) continue;
        if (node.count != 0) {
            search_leaf(node, q, best_d2, hit, bary);
            continue;
        }
        const auto l = static_cast<uint32_t>(&node - nodes_.data()) + 1, r = node.first;
        const float dl = box_distance2(nodes_[l].lo, nodes_[l].hi, q);
        const float dr = box_distance2(nodes_[r].lo, nodes_[r].hi, q);
        // Push the farther child first so the nearer one is searched first and tightens best_d2.
        const bool left_first = dl <= dr;
        if ((left_first ? dr : dl) < best_d2) stack[top++] = left_first ? r : l;
        if ((left_first ? dl : dr) < best_d2) stack[top++] = left_first ? l : r;
    }
    if (!hit.found) return hit;
    const Vec3d delta = p - hit.point;
    hit.distance = norm(delta);
    constexpr float kInterior = 1e-5f;
    if (bary[0] > kInterior && bary[1] > kInterior && bary[2] > kInterior) {
        hit.normal = to_d(face_normals_[hit.triangle]);
    } else {
        const Triangle& t = triangles_[hit.triangle];
        hit.normal = normalized(to_d(vertex_normals_[t[0]]) * bary[0] +
                                to_d(vertex_normals_[t[1]]) * bary[1] +
                                to_d(vertex_normals_[t[2]]) * bary[2]);
    }
    hit.signed_distance = dot(delta, hit.normal) < 0 ? -hit.distance : hit.distance;
    return hit;
}

}  // namespace intake::mesh
