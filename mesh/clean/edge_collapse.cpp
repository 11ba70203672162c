#include "mesh/clean/edge_collapse.h"

#include <algorithm>
#include <cmath>

#include "mesh/adjacency.h"

namespace intake::mesh {
namespace {

// A reshaped face must meet each neighbour at less than this angle's cosine allows (about
// 78°): a right angle is where the boundary audit starts counting a fold, and the margin keeps
// the decimated surface from creasing into near-folds a lab would reject just the same.
constexpr double kMinNeighbourCos = 0.2;
// A reshaped face whose area falls below this share of its old area is a sliver about to turn
// over: its normal is too unstable to trust.
constexpr double kMinAreaShare = 1e-6;

uint32_t mapped(uint32_t corner, uint32_t from, uint32_t to) {
    return corner == from ? to : corner;
}

bool has_corner(const Triangle& t, uint32_t v) { return t[0] == v || t[1] == v || t[2] == v; }

uint32_t third_corner(const Triangle& t, uint32_t a, uint32_t b) {
    for (uint32_t c : t)
        if (c != a && c != b) return c;
    return a;
}

double dot3(const double a[3], const double b[3]) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

}  // namespace

CollapseSurface::CollapseSurface(Mesh& mesh)
    : mesh_(mesh),
      locked_(mesh.positions.size(), 0),
      dead_(mesh.triangles.size(), 0),
      fans_(mesh.positions.size()),
      live_(mesh.triangles.size()) {
    VertexFaces vf = build_vertex_faces(mesh);
    lock_open_edges(build_opposites(mesh, vf));
    for (uint32_t v = 0; v < fans_.size(); ++v) {
        uint32_t n = vf.offsets[v + 1] - vf.offsets[v];
        fans_[v] = {vf.offsets[v], n, n};
    }
    pool_ = std::move(vf.faces);
}

// Locks both ends of every border, non-manifold and same-direction edge, and counts the faults
// the way the boundary audit does.
void CollapseSurface::lock_open_edges(const std::vector<uint32_t>& opposites) {
    for (uint32_t h = 0; h < opposites.size(); ++h) {
        const Triangle& t = mesh_.triangles[h / 3];
        uint32_t a = t[h % 3], b = t[(h % 3 + 1) % 3];
        uint32_t o = opposites[h];
        bool open = o == kBoundaryEdge || o == kNonManifoldEdge || a == b;
        if (o == kNonManifoldEdge) ++input_faults_.nonmanifold_edges;
        if (!open && mesh_.triangles[o / 3][o % 3] == a) {
            open = true;
            input_faults_.same_direction_edges += h < o;
        }
        if (!open && h < o) {
            double n1[3], n2[3];
            normal_after(h / 3, a, a, n1);
            normal_after(o / 3, a, a, n2);
            input_faults_.folded_edges += dot3(n1, n2) < 0;
        }
        if (open) locked_[a] = locked_[b] = 1;
    }
}

void CollapseSurface::drop_dead(uint32_t v) {
    Fan& fan = fans_[v];
    uint32_t* faces = pool_.data() + fan.begin;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < fan.size; ++i)
        if (!dead_[faces[i]]) faces[kept++] = faces[i];
    fan.size = kept;
}

void CollapseSurface::append(uint32_t v, uint32_t triangle) {
    Fan& fan = fans_[v];
    if (fan.size == fan.capacity) {
        uint32_t capacity = std::max<uint32_t>(8, fan.capacity * 2);
        auto begin = static_cast<uint32_t>(pool_.size());
        pool_.resize(pool_.size() + capacity);
        std::copy_n(pool_.begin() + fan.begin, fan.size, pool_.begin() + begin);
        fan.begin = begin;
        fan.capacity = capacity;
    }
    pool_[fan.begin + fan.size++] = triangle;
}

// Link condition: a neighbour of both ends other than the two opposite corners would give an
// edge a third face (or two faces the same corners) once `from` is merged into `to`.
bool CollapseSurface::shares_other_neighbours(uint32_t from, uint32_t to, uint32_t a,
                                              uint32_t b) const {
    bool shared = false;
    for_each_wedge(from, [&](uint32_t w, uint32_t) {
        if (shared || w == to || w == a || w == b) return;
        for_each_wedge(to, [&](uint32_t next, uint32_t prev) { shared |= next == w || prev == w; });
    });
    return shared;
}

// Normal (not unit) of triangle t once `from` is merged into `to`, computed exactly as the
// boundary audit computes it, so what passes here is what the audit sees.
void CollapseSurface::normal_after(uint32_t t, uint32_t from, uint32_t to, double n[3]) const {
    const Triangle& tri = mesh_.triangles[t];
    const Vec3& a = mesh_.positions[mapped(tri[0], from, to)];
    const Vec3& b = mesh_.positions[mapped(tri[1], from, to)];
    const Vec3& c = mesh_.positions[mapped(tri[2], from, to)];
    double ux = b.x - a.x, uy = b.y - a.y, uz = b.z - a.z;
    double vx = c.x - a.x, vy = c.y - a.y, vz = c.z - a.z;
    n[0] = uy * vz - uz * vy;
    n[1] = uz * vx - ux * vz;
    n[2] = ux * vy - uy * vx;
}

// The face across side k of reshaped face t (corners `m`, after the merge): not a copy of t,
// and not folded against it. The search runs over the fan of whichever end is not `to`.
bool CollapseSurface::neighbour_across_ok(uint32_t t, const Triangle& m, int k, uint32_t from,
                                          uint32_t to, const double normal[3]) const {
    uint32_t p = m[k], q = m[(k + 1) % 3], apex = m[(k + 2) % 3];
    uint32_t s = p == to ? q : p;
    uint32_t other = p == to ? p : q;
    for (const uint32_t* f = fan_begin(s); f != fan_end(s); ++f) {
        if (dead_[*f] || *f == t || *f == edge_faces_[0] || *f == edge_faces_[1]) continue;
        const Triangle& g = mesh_.triangles[*f];
        Triangle across = {mapped(g[0], from, to), mapped(g[1], from, to), mapped(g[2], from, to)};
        if (!has_corner(across, other)) continue;
        if (has_corner(across, apex)) return false;  // the same three corners twice
        double nf[3];
        normal_after(*f, from, to, nf);
        // cos <= kMinNeighbourCos, without the square root (kMinNeighbourCos is positive).
        double d = dot3(normal, nf);
        if (d <= 0 ||
            d * d <= kMinNeighbourCos * kMinNeighbourCos * dot3(normal, normal) * dot3(nf, nf))
            return false;
    }
    return true;
}

bool CollapseSurface::reshaped_face_ok(uint32_t t, uint32_t from, uint32_t to) const {
    double before[3], after[3];
    normal_after(t, from, from, before);
    normal_after(t, from, to, after);
    if (dot3(after, after) <= kMinAreaShare * kMinAreaShare * dot3(before, before)) return false;
    if (dot3(after, before) <= 0) return false;  // turned over
    const Triangle& tri = mesh_.triangles[t];
    Triangle m = {mapped(tri[0], from, to), mapped(tri[1], from, to), mapped(tri[2], from, to)};
    for (int k = 0; k < 3; ++k) {
        // A side y -> to with y not opposite the edge is the next reshaped face's side to -> y:
        // checked there, once.
        uint32_t y = m[k];
        bool shared = m[(k + 1) % 3] == to && y != edge_apexes_[0] && y != edge_apexes_[1];
        if (!shared && !neighbour_across_ok(t, m, k, from, to, after)) return false;
    }
    return true;
}

bool CollapseSurface::can_collapse(uint32_t from, uint32_t to) {
    if (from == to || locked(from)) return false;
    int on_edge = 0;
    for (const uint32_t* f = fan_begin(from); f != fan_end(from); ++f) {
        if (dead_[*f] || !has_corner(mesh_.triangles[*f], to)) continue;
        if (on_edge == 2) return false;
        edge_faces_[on_edge++] = *f;
    }
    if (on_edge != 2) return false;
    uint32_t a = third_corner(mesh_.triangles[edge_faces_[0]], from, to);
    uint32_t b = third_corner(mesh_.triangles[edge_faces_[1]], from, to);
    edge_apexes_[0] = a;
    edge_apexes_[1] = b;
    if (a == b) return false;
    if (shares_other_neighbours(from, to, a, b)) return false;
    for (const uint32_t* f = fan_begin(from); f != fan_end(from); ++f) {
        if (dead_[*f] || *f == edge_faces_[0] || *f == edge_faces_[1]) continue;
        if (!reshaped_face_ok(*f, from, to)) return false;
    }
    return true;
}

void CollapseSurface::collapse(uint32_t from, uint32_t to) {
    uint32_t ends[2] = {to, to};
    int dying = 0;
    for (const uint32_t* f = fan_begin(from); f != fan_end(from); ++f) {
        if (dead_[*f] || !has_corner(mesh_.triangles[*f], to) || dying == 2) continue;
        ends[dying++] = third_corner(mesh_.triangles[*f], from, to);
        dead_[*f] = 1;
    }
    live_ -= dying;
    drop_dead(to);
    // Indexed, not by pointer: append() may move the pool.
    for (uint32_t i = 0; i < fans_[from].size; ++i) {
        uint32_t f = pool_[fans_[from].begin + i];
        if (dead_[f]) continue;
        for (uint32_t& c : mesh_.triangles[f])
            if (c == from) c = to;
        append(to, f);
    }
    fans_[from].size = 0;
    drop_dead(ends[0]);
    drop_dead(ends[1]);
}

void CollapseSurface::write_back() {
    size_t out = 0;
    for (size_t t = 0; t < mesh_.triangles.size(); ++t)
        if (!dead_[t]) mesh_.triangles[out++] = mesh_.triangles[t];
    mesh_.triangles.resize(out);
}

}  // namespace intake::mesh
