#include "mesh/clean/hole_fill.h"

#include <algorithm>
#include <cmath>

#include "mesh/clean/faces.h"
#include "mesh/clean/patch_triangulation.h"
#include "mesh/clean/slit_zip.h"

namespace intake::mesh {
namespace {

struct D3 {
    double x = 0, y = 0, z = 0;
};
using D2 = Point2;

D3 at(const Mesh& mesh, uint32_t v) {
    const Vec3& p = mesh.positions[v];
    return {p.x, p.y, p.z};
}
D3 sub(D3 a, D3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
D3 cross(D3 a, D3 b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double dot(D3 a, D3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
double norm(D3 a) { return std::sqrt(dot(a, a)); }
double cross2(D2 o, D2 a, D2 b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

uint64_t undirected_key(uint32_t a, uint32_t b) {
    return (uint64_t(std::min(a, b)) << 32) | std::max(a, b);
}
uint64_t directed_key(uint32_t a, uint32_t b) { return (uint64_t(a) << 32) | b; }

// The fill polygon's plane: Newell normal (the vector area, robust for non-planar loops) and
// two axes in the plane. The polygon winds counter-clockwise around the normal.
struct Plane {
    D3 origin, normal, u, v;
    double area = 0;
};

Plane best_fit_plane(const Mesh& mesh, const std::vector<uint32_t>& poly) {
    Plane pl;
    for (uint32_t i : poly) {
        D3 p = at(mesh, i);
        pl.origin = {pl.origin.x + p.x, pl.origin.y + p.y, pl.origin.z + p.z};
    }
    double n = double(poly.size());
    pl.origin = {pl.origin.x / n, pl.origin.y / n, pl.origin.z / n};
    for (size_t i = 0; i < poly.size(); ++i) {
        D3 a = sub(at(mesh, poly[i]), pl.origin),
           b = sub(at(mesh, poly[(i + 1) % poly.size()]), pl.origin);
        D3 c = cross(a, b);
        pl.normal = {pl.normal.x + c.x, pl.normal.y + c.y, pl.normal.z + c.z};
    }
    double len = norm(pl.normal);
    pl.area = len / 2;
    if (len == 0) return pl;
    pl.normal = {pl.normal.x / len, pl.normal.y / len, pl.normal.z / len};
    D3 helper = std::abs(pl.normal.x) < 0.6 ? D3{1, 0, 0} : D3{0, 1, 0};
    pl.u = cross(helper, pl.normal);
    double ul = norm(pl.u);
    pl.u = {pl.u.x / ul, pl.u.y / ul, pl.u.z / ul};
    pl.v = cross(pl.normal, pl.u);
    return pl;
}

std::vector<D2> project(const Mesh& mesh, const std::vector<uint32_t>& poly, const Plane& pl) {
    std::vector<D2> q;
    q.reserve(poly.size());
    for (uint32_t i : poly) {
        D3 d = sub(at(mesh, i), pl.origin);
        q.push_back({dot(d, pl.u), dot(d, pl.v)});
    }
    return q;
}

double extent2(const std::vector<D2>& q) {
    double lo_x = INFINITY, hi_x = -INFINITY, lo_y = INFINITY, hi_y = -INFINITY;
    for (const D2& p : q) {
        lo_x = std::min(lo_x, p.x), hi_x = std::max(hi_x, p.x);
        lo_y = std::min(lo_y, p.y), hi_y = std::max(hi_y, p.y);
    }
    double e = std::max(hi_x - lo_x, hi_y - lo_y);
    return e * e;
}

// A fill of one loop before it is committed to the mesh.
struct Patch {
    std::vector<Triangle> triangles;
};

// As in the planar patch: a fan wedge standing on edge would fold against the surface.
constexpr double kMinFacing = 0.2;

bool faces_plane(const Mesh& mesh, uint32_t a, uint32_t b, uint32_t c, double projected2) {
    D3 n = cross(sub(at(mesh, b), at(mesh, a)), sub(at(mesh, c), at(mesh, a)));
    return projected2 > kMinFacing * norm(n);
}

void commit(Mesh& mesh, const Patch& patch, FillContext& ctx) {
    for (const Triangle& t : patch.triangles) {
        auto index = static_cast<uint32_t>(mesh.triangles.size());
        mesh.triangles.push_back(t);
        for (int i = 0; i < 3; ++i) {
            ctx.add_edge(t[i], t[(i + 1) % 3]);
            ctx.set_triangle(t[i], t[(i + 1) % 3], index);
        }
    }
}

// A fan around a new vertex at the loop's centre: closes any loop that is star-shaped from
// its centre in the plane, which covers saddles and bent loops whose projection overlaps.
bool fan_fill(Mesh& mesh, const std::vector<uint32_t>& poly, const Plane& pl,
              const std::vector<D2>& q, FillContext& ctx) {
    auto centre = static_cast<uint32_t>(mesh.positions.size());
    mesh.positions.push_back({float(pl.origin.x), float(pl.origin.y), float(pl.origin.z)});
    double eps = 1e-12 * extent2(q);
    bool good = true;
    Patch patch;
    for (size_t i = 0; i < poly.size() && good; ++i) {
        size_t j = (i + 1) % poly.size();
        Triangle t{poly[i], poly[j], centre};
        // The centre must not sit on top of a corner (a weld would merge it) and every
        // wedge must turn the same way as the polygon.
        double projected2 = cross2(q[i], q[j], D2{0, 0});
        good = norm(sub(at(mesh, poly[i]), pl.origin)) > 1e-3 && projected2 > eps &&
               faces_plane(mesh, poly[i], poly[j], centre, projected2) && !is_degenerate(mesh, t);
        patch.triangles.push_back(t);
    }
    if (!good) {
        mesh.positions.pop_back();
        return false;
    }
    if (mesh.normals.size() + 1 == mesh.positions.size()) {
        mesh.normals.push_back({float(pl.normal.x), float(pl.normal.y), float(pl.normal.z)});
    }
    if (mesh.colors.size() + 1 == mesh.positions.size()) {
        double sum[3] = {0, 0, 0};
        for (uint32_t v : poly)
            for (int c = 0; c < 3; ++c) sum[c] += mesh.colors[v][static_cast<size_t>(c)];
        auto avg = [&](int c) {
            return static_cast<uint8_t>(std::lround(sum[c] / double(poly.size())));
        };
        mesh.colors.push_back({avg(0), avg(1), avg(2)});
    }
    commit(mesh, patch, ctx);
    return true;
}

}  // namespace

FillContext::FillContext(const Mesh& mesh, std::span<const std::vector<uint32_t>> loops) {
    std::vector<uint8_t> marked(mesh.positions.size(), 0);
    for (const auto& loop : loops)
        for (uint32_t v : loop) marked[v] = 1;
    for (uint32_t t = 0; t < mesh.triangles.size(); ++t) {
        const Triangle& tri = mesh.triangles[t];
        for (int i = 0; i < 3; ++i) {
            uint32_t a = tri[i], b = tri[(i + 1) % 3];
            if (!marked[a] || !marked[b]) continue;
            edges_.insert(undirected_key(a, b));
            directed_[directed_key(a, b)] = t;
        }
    }
}

bool FillContext::has_edge(uint32_t a, uint32_t b) const {
    return edges_.count(undirected_key(a, b)) > 0;
}
void FillContext::add_edge(uint32_t a, uint32_t b) { edges_.insert(undirected_key(a, b)); }
uint32_t FillContext::triangle_of(uint32_t a, uint32_t b) const {
    auto it = directed_.find(directed_key(a, b));
    return it == directed_.end() ? UINT32_MAX : it->second;
}
void FillContext::set_triangle(uint32_t a, uint32_t b, uint32_t t) {
    if (t == UINT32_MAX) {
        directed_.erase(directed_key(a, b));
    } else {
        directed_[directed_key(a, b)] = t;
    }
}

FillOutcome fill_hole(Mesh& mesh, const std::vector<uint32_t>& loop, FillContext& ctx) {
    FillOutcome out;
    if (loop.size() < 3) return out;
    // Fill triangles run each boundary edge the other way, so the polygon is the reversed loop.
    std::vector<uint32_t> poly(loop.rbegin(), loop.rend());
    Plane pl = best_fit_plane(mesh, poly);
    size_t before = mesh.triangles.size();
    if (pl.area > 0) {
        std::vector<D2> q = project(mesh, poly, pl);
        Patch patch;
        auto edge_exists = [&](uint32_t a, uint32_t b) { return ctx.has_edge(a, b); };
        if (triangulate_patch(mesh, poly, q, edge_exists, patch.triangles)) {
            commit(mesh, patch, ctx);
            return {true, mesh.triangles.size() - before, "patch"};
        }
    }
    size_t zipped = 0;
    if (zip_slit(mesh, loop, ctx, zipped)) return {true, zipped, "zip"};
    if (pl.area > 0 && fan_fill(mesh, poly, pl, project(mesh, poly, pl), ctx)) {
        return {true, mesh.triangles.size() - before, "fan"};
    }
    return out;
}

}  // namespace intake::mesh
