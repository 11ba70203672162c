#include "mesh/analysis/surface_index.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Centroid and the largest corner distance from it, padded a little so float rounding can never
// make the sphere test reject a triangle the exact test would accept.
std::array<float, 4> bounding_sphere(const float* t) {
    const float c[3] = {(t[0] + t[3] + t[6]) / 3, (t[1] + t[4] + t[7]) / 3,
                        (t[2] + t[5] + t[8]) / 3};
    float r2 = 0;
    for (int k = 0; k < 3; ++k) {
        const float d[3] = {t[3 * k] - c[0], t[3 * k + 1] - c[1], t[3 * k + 2] - c[2]};
        r2 = std::max(r2, dot3(d, d));
    }
    return {c[0], c[1], c[2], std::sqrt(r2) * 1.0001f + 1e-6f};
}

Vec3 face_normal_of(const Mesh& mesh, const Triangle& t) {
    const Vec3d a = to_d(mesh.positions[t[0]]);
    const Vec3d n = cross(to_d(mesh.positions[t[1]]) - a, to_d(mesh.positions[t[2]]) - a);
    return to_f(normalized(n));
}

}  // namespace

namespace {

// Angle-weighted vertex normals from the face normals. The corner angles (one acos each, the
// costly part) are computed in parallel; the scatter into vertices is a cheap serial pass.
std::vector<Vec3> vertex_normals_from(const Mesh& mesh, const std::vector<Vec3>& face_normals) {
    const size_t n = mesh.triangles.size();
    std::vector<std::array<float, 3>> angles(n);
    parallel_for(n, [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            const Triangle& tri = mesh.triangles[t];
            for (int k = 0; k < 3; ++k) {
                const Vec3& p = mesh.positions[tri[k]];
                const Vec3& a = mesh.positions[tri[(k + 1) % 3]];
                const Vec3& b = mesh.positions[tri[(k + 2) % 3]];
                const float e1[3] = {a.x - p.x, a.y - p.y, a.z - p.z};
                const float e2[3] = {b.x - p.x, b.y - p.y, b.z - p.z};
                const float len = std::sqrt(dot3(e1, e1) * dot3(e2, e2));
                angles[t][k] =
                    len > 0 ? std::acos(std::clamp(dot3(e1, e2) / len, -1.0f, 1.0f)) : 0.0f;
            }
        }
    });
    std::vector<Vec3> sum(mesh.positions.size(), Vec3{0, 0, 0});
    for (size_t t = 0; t < n; ++t) {
        const Vec3& fn = face_normals[t];
        for (int k = 0; k < 3; ++k) {
            Vec3& v = sum[mesh.triangles[t][k]];
            v.x += fn.x * angles[t][k], v.y += fn.y * angles[t][k], v.z += fn.z * angles[t][k];
        }
    }
    parallel_for(sum.size(), [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) sum[i] = to_f(normalized(to_d(sum[i])));
    });
    return sum;
}

std::vector<Vec3> face_normals_of(const Mesh& mesh) {
    std::vector<Vec3> out(mesh.triangles.size());
    parallel_for(out.size(), [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) out[i] = face_normal_of(mesh, mesh.triangles[i]);
    });
    return out;
}

}  // namespace

std::vector<Vec3> angle_weighted_normals(const Mesh& mesh) {
    return vertex_normals_from(mesh, face_normals_of(mesh));
}

static uint32_t subtree_size(uint32_t n) {
    if (n <= kLeafSize) return 1;
    return 1 + subtree_size(n / 2) + subtree_size(n - n / 2);
}

SurfaceIndex::SurfaceIndex(const Mesh& mesh) {
    const auto n = static_cast<uint32_t>(mesh.triangles.size());
    face_normals_ = face_normals_of(mesh);
    vertex_normals_ = vertex_normals_from(mesh, face_normals_);
    tri_ids_.resize(n);
    std::iota(tri_ids_.begin(), tri_ids_.end(), 0u);
    if (n == 0) return;
    std::vector<Item> items(n);
    tri_pos_.resize(n);
    tri_sphere_.resize(n);
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
    bvh_normals_.resize(n);
    bvh_triangles_.resize(n);
    parallel_for(n, [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
            tri_ids_[i] = items[i].id;
            slots_[tri_ids_[i]] = static_cast<uint32_t>(i);
            bvh_normals_[i] = face_normals_[tri_ids_[i]];
            bvh_triangles_[i] = mesh.triangles[tri_ids_[i]];
            const auto& t = mesh.triangles[tri_ids_[i]];
            for (int k = 0; k < 3; ++k) {
                const Vec3& p = mesh.positions[t[k]];
                tri_pos_[i][3 * k] = p.x, tri_pos_[i][3 * k + 1] = p.y,
                                tri_pos_[i][3 * k + 2] = p.z;
            }
            tri_sphere_[i] = bounding_sphere(tri_pos_[i].data());
        }
    });
    fit_bounds(0);
    wide_.reserve(nodes_.size() / 2 + 1);
    collapse(0);
    nodes_ = {};  // the binary tree only seeded the wide one
}

// Squared distances from q to the four boxes of a wide node (0 inside a box; an empty slot's
// inverted box gives +inf, which no bound accepts).
static inline void box_distances(const float lo[3][4], const float hi[3][4], const float q[3],
                                 float out[4]) {
#if defined(__SSE2__)
    const __m128 zero = _mm_setzero_ps();
    __m128 sum = zero;
    for (int a = 0; a < 3; ++a) {
        const __m128 qa = _mm_set1_ps(q[a]);
        const __m128 below = _mm_sub_ps(_mm_load_ps(lo[a]), qa);
        const __m128 above = _mm_sub_ps(qa, _mm_load_ps(hi[a]));
        const __m128 d = _mm_max_ps(_mm_max_ps(below, above), zero);
        sum = _mm_add_ps(sum, _mm_mul_ps(d, d));
    }
    _mm_storeu_ps(out, sum);
#else
    for (int k = 0; k < 4; ++k) {
        float d2 = 0;
        for (int a = 0; a < 3; ++a) {
            const float d = std::max({lo[a][k] - q[a], q[a] - hi[a][k], 0.0f});
            d2 += d * d;
        }
        out[k] = d2;
    }
#endif
}

// Turns the binary subtree at `node` into wide nodes: its children, with every inner child
// replaced by that child's two children (so two binary levels become one). Returns the wide
// node's index; wide nodes are appended parent first.
uint32_t SurfaceIndex::collapse(uint32_t node) {
    const auto index = static_cast<uint32_t>(wide_.size());
    wide_.emplace_back();
    uint32_t slots[4];
    int n = 0;
    if (nodes_[node].count != 0) {
        slots[n++] = node;  // a mesh small enough for a single leaf
    } else {
        for (const uint32_t c : {node + 1, nodes_[node].first}) {
            if (nodes_[c].count != 0) {
                slots[n++] = c;
            } else {
                slots[n++] = c + 1;
                slots[n++] = nodes_[c].first;
            }
        }
    }
    for (int k = 0; k < 4; ++k) {
        Wide& w = wide_[index];
        for (int a = 0; a < 3; ++a) {
            w.lo[a][k] = k < n ? nodes_[slots[k]].lo[a] : std::numeric_limits<float>::infinity();
            w.hi[a][k] = k < n ? nodes_[slots[k]].hi[a] : -std::numeric_limits<float>::infinity();
        }
        w.child[k] = 0, w.count[k] = 0;
        if (k >= n) continue;
        const Node& c = nodes_[slots[k]];
        if (c.count != 0) {
            w.child[k] = c.first, w.count[k] = c.count;
        } else {
            const uint32_t sub = collapse(slots[k]);  // may reallocate: no reference kept
            wide_[index].child[k] = sub;
        }
    }
    return index;
}

// Partitions items[begin, end) around `mid` along the widest axis of their centroids.
void SurfaceIndex::split(uint32_t begin, uint32_t mid, uint32_t end, std::vector<Item>& items) {
    // Six scalars, not two arrays: the compiler keeps them in registers.
    float lx = items[begin].c[0], ly = items[begin].c[1], lz = items[begin].c[2];
    float hx = lx, hy = ly, hz = lz;
    for (uint32_t i = begin + 1; i < end; ++i) {
        const float* v = items[i].c;
        lx = std::min(lx, v[0]), ly = std::min(ly, v[1]), lz = std::min(lz, v[2]);
        hx = std::max(hx, v[0]), hy = std::max(hy, v[1]), hz = std::max(hz, v[2]);
    }
    const float lo[3] = {lx, ly, lz}, hi[3] = {hx, hy, hz};
    int axis = 0;
    for (int k = 1; k < 3; ++k) {
        if (hi[k] - lo[k] > hi[axis] - lo[axis]) axis = k;
    }
    auto less = [axis](const Item& a, const Item& b) { return a.c[axis] < b.c[axis]; };
    const auto first = items.begin() + begin, last = items.begin() + end;
    const float extent = hi[axis] - lo[axis];
    if (end - begin < 64 || !(extent > 0)) {
        std::nth_element(first, items.begin() + mid, last, less);
        return;
    }
    // A histogram finds the bin holding the median, two partitions put the bins
    // below it first and the bin itself next, and nth_element finishes inside that one bin.
    // Same median, a fraction of introselect's passes over the whole range.
    const int kBins = static_cast<int>(std::clamp<uint32_t>((end - begin) / 16, 4, 256));
    const float scale = static_cast<float>(kBins) / extent;
    auto bin = [&](const Item& it) {
        return std::min(kBins - 1, static_cast<int>((it.c[axis] - lo[axis]) * scale));
    };
    uint32_t count[256] = {};
    for (auto it = first; it != last; ++it) ++count[bin(*it)];
    uint32_t below = 0;
    int b = 0;
    while (below + count[b] <= mid - begin) below += count[b++];
    const auto low = std::partition(first, last, [&](const Item& it) { return bin(it) < b; });
    const auto high = std::partition(low, last, [&](const Item& it) { return bin(it) == b; });
    std::nth_element(low, items.begin() + mid, high, less);
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

void SurfaceIndex::search_leaf(uint32_t first, uint32_t count, const float q[3], float& best_d2,
                               SurfaceHit& hit, float bary[3]) const {
    float best = std::sqrt(best_d2);
    for (uint32_t i = first; i < first + count; ++i) {
        const auto& s = tri_sphere_[i];
        const float e[3] = {q[0] - s[0], q[1] - s[1], q[2] - s[2]};
        const float reach = s[3] + best;  // the triangle lies within s[3] of the centre
        if (dot3(e, e) > reach * reach) continue;
        float c[3], b[3];
        closest_on_triangle(tri_pos_[i].data(), q, c, b);
        const float d[3] = {q[0] - c[0], q[1] - c[1], q[2] - c[2]};
        const float d2 = dot3(d, d);
        if (d2 < best_d2) {
            best_d2 = d2;
            best = std::sqrt(d2);
            hit.found = true;
            hit.triangle = i;  // the BVH slot until closest() maps it back
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
    if (wide_.empty()) return hit;
    const float q[3] = {static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(p.z)};
    float best_d2 = std::isfinite(max_distance) ? static_cast<float>(max_distance * max_distance)
                                                : std::numeric_limits<float>::infinity();
    float bary[3] = {1, 0, 0};
    // Each visit replaces one entry by at most four, and the wide tree is at most 16 deep
    // (the binary median-split tree over < 2^32 triangles is at most 31 deep).
    struct Entry {
        uint32_t ref, count;  // wide node, or a leaf's first triangle and its count
        float d2;             // squared distance to its box when it was pushed
    };
    Entry stack[64];
    int top = 0;
    stack[top++] = {0, 0, 0.0f};
    while (top > 0) {
        const Entry e = stack[--top];
        if (e.d2 >= best_d2) continue;  // the bound tightened since it was pushed
        if (e.count != 0) {
            search_leaf(e.ref, e.count, q, best_d2, hit, bary);
            continue;
        }
        const Wide& w = wide_[e.ref];
        float d2[4];
        box_distances(w.lo, w.hi, q, d2);
        // Children within the bound, sorted far to near, pushed so the nearest pops first.
        int order[4], n = 0;
        for (int k = 0; k < 4; ++k) {
            if (!(d2[k] < best_d2)) continue;
            int i = n++;
            for (; i > 0 && d2[order[i - 1]] < d2[k]; --i) order[i] = order[i - 1];
            order[i] = k;
        }
        for (int i = 0; i < n; ++i)
            stack[top++] = {w.child[order[i]], w.count[order[i]], d2[order[i]]};
    }
    if (!hit.found) return hit;
    // Normals and corners by BVH slot: they sit next to the triangles the query just read.
    const uint32_t slot = hit.triangle;
    hit.triangle = tri_ids_[slot];
    const Vec3d delta = p - hit.point;
    hit.distance = norm(delta);
    constexpr float kInterior = 1e-5f;
    if (bary[0] > kInterior && bary[1] > kInterior && bary[2] > kInterior) {
        hit.normal = to_d(bvh_normals_[slot]);
    } else {
        const Triangle& t = bvh_triangles_[slot];
        hit.normal = normalized(to_d(vertex_normals_[t[0]]) * bary[0] +
                                to_d(vertex_normals_[t[1]]) * bary[1] +
                                to_d(vertex_normals_[t[2]]) * bary[2]);
    }
    hit.signed_distance = dot(delta, hit.normal) < 0 ? -hit.distance : hit.distance;
    return hit;
}

}  // namespace intake::mesh
