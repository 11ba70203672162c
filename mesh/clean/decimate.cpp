#include "mesh/clean/decimate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "mesh/clean/boundary_audit.h"
#include "mesh/clean/deviation.h"
#include "mesh/clean/edge_collapse.h"
#include "mesh/clean/units.h"

namespace intake::mesh {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

// Garland-Heckbert error quadric: the sum of area-weighted squared distances to planes.
struct Quadric {
    double a00 = 0, a01 = 0, a02 = 0, a11 = 0, a12 = 0, a22 = 0, b0 = 0, b1 = 0, b2 = 0, c = 0;

    void add_plane(double nx, double ny, double nz, double d, double w) {
        a00 += w * nx * nx, a01 += w * nx * ny, a02 += w * nx * nz;
        a11 += w * ny * ny, a12 += w * ny * nz, a22 += w * nz * nz;
        b0 += w * nx * d, b1 += w * ny * d, b2 += w * nz * d, c += w * d * d;
    }
    Quadric& operator+=(const Quadric& o) {
        a00 += o.a00, a01 += o.a01, a02 += o.a02, a11 += o.a11, a12 += o.a12, a22 += o.a22;
        b0 += o.b0, b1 += o.b1, b2 += o.b2, c += o.c;
        return *this;
    }
};

// Error of the merged quadrics p + q at (x, y, z).
double merged_error(const Quadric& p, const Quadric& q, double x, double y, double z) {
    double a00 = p.a00 + q.a00, a01 = p.a01 + q.a01, a02 = p.a02 + q.a02;
    double a11 = p.a11 + q.a11, a12 = p.a12 + q.a12, a22 = p.a22 + q.a22;
    double e = x * (a00 * x + 2 * (a01 * y + a02 * z + p.b0 + q.b0)) +
               y * (a11 * y + 2 * (a12 * z + p.b1 + q.b1)) + z * (a22 * z + 2 * (p.b2 + q.b2)) +
               p.c + q.c;
    return std::max(e, 0.0);
}

// Positions relative to the mesh's centre, so the quadrics' constant terms stay small.
struct Centred {
    Vec3 centre;
    double x(const Mesh& m, uint32_t v) const { return double(m.positions[v].x) - centre.x; }
    double y(const Mesh& m, uint32_t v) const { return double(m.positions[v].y) - centre.y; }
    double z(const Mesh& m, uint32_t v) const { return double(m.positions[v].z) - centre.z; }
};

Vec3 box_centre(const Mesh& mesh) {
    Bounds b = mesh_bounds(mesh);
    return {(b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2, (b.min.z + b.max.z) / 2};
}

std::vector<Quadric> vertex_quadrics(const Mesh& mesh, const Centred& at) {
    std::vector<Quadric> q(mesh.positions.size());
    for (const Triangle& t : mesh.triangles) {
        double ax = at.x(mesh, t[0]), ay = at.y(mesh, t[0]), az = at.z(mesh, t[0]);
        double ux = at.x(mesh, t[1]) - ax, uy = at.y(mesh, t[1]) - ay, uz = at.z(mesh, t[1]) - az;
        double vx = at.x(mesh, t[2]) - ax, vy = at.y(mesh, t[2]) - ay, vz = at.z(mesh, t[2]) - az;
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        double len = std::sqrt(nx * nx + ny * ny + nz * nz);
        if (len == 0) continue;
        nx /= len, ny /= len, nz /= len;
        double d = -(nx * ax + ny * ay + nz * az);
        for (uint32_t c : t) q[c].add_plane(nx, ny, nz, d, 0.5 * len);
    }
    return q;
}

struct Candidate {
    double cost;
    uint32_t from, to;
    bool operator<(const Candidate& o) const { return cost < o.cost; }
};

// A pass may go this far past the cost of the last collapse the target still needs: enough
// collapses per pass to be quick, few enough out of cost order to keep the error low.
constexpr double kPassCostSlack = 1.5;

// Collapses in passes, as meshoptimizer does: every vertex's cheapest collapse is costed (one
// sequential sweep), the cheap ones are made in cost order, and a collapse touching a vertex an
// earlier one merged waits for the next pass, so every cost used is exact when it is used.
// Soundness does not depend on the order: can_collapse judges the surface as it is.
class Decimator {
  public:
    explicit Decimator(Mesh& mesh)
        : mesh_(mesh),
          at_{box_centre(mesh)},
          quadrics_(vertex_quadrics(mesh, at_)),
          surface_(mesh),
          touched_(mesh.positions.size(), 0) {}

    SurfaceFaults input_faults() const { return surface_.input_faults(); }

    void run(size_t target_triangles) {
        while (surface_.live_triangles() > target_triangles) {
            // When every cheap collapse is refused, the dearer ones get their turn; when those
            // are refused too, no sound collapse is left.
            if (pass(target_triangles, true) == 0 && pass(target_triangles, false) == 0) break;
        }
        surface_.write_back();
    }

  private:
    size_t pass(size_t target_triangles, bool bounded) {
        cost_all();
        if (candidates_.empty()) return 0;
        // Each collapse removes two triangles; the pass considers what the target still needs.
        size_t needed = (surface_.live_triangles() - target_triangles + 1) / 2;
        size_t goal = std::min(needed, candidates_.size()) - 1;
        std::nth_element(candidates_.begin(), candidates_.begin() + goal, candidates_.end());
        const double bound = bounded ? candidates_[goal].cost * kPassCostSlack
                                     : std::numeric_limits<double>::infinity();
        auto end = std::partition(candidates_.begin(), candidates_.end(),
                                  [&](const Candidate& c) { return c.cost <= bound; });
        std::sort(candidates_.begin(), end);
        std::fill(touched_.begin(), touched_.end(), 0);
        size_t made = 0;
        for (auto c = candidates_.begin(); c != end; ++c) {
            if (surface_.live_triangles() <= target_triangles) break;
            if (touched_[c->from]) continue;
            uint32_t to = c->to;
            if (touched_[to] || !surface_.can_collapse(c->from, to)) {
                to = cheapest_valid(c->from, bound);
                if (to == kNone) continue;
            }
            collapse(c->from, to);
            ++made;
        }
        return made;
    }

    // Every free vertex's cheapest collapse, in vertex order.
    void cost_all() {
        candidates_.clear();
        for (uint32_t v = 0; v < mesh_.positions.size(); ++v) {
            if (surface_.locked(v)) continue;
            Candidate best{std::numeric_limits<double>::infinity(), v, kNone};
            surface_.for_each_wedge(v, [&](uint32_t w, uint32_t) {
                double cost = cost_of(v, w);
                if (cost < best.cost) best = {cost, v, w};
            });
            if (best.to != kNone) candidates_.push_back(best);
        }
    }

    double cost_of(uint32_t from, uint32_t to) const {
        return merged_error(quadrics_[from], quadrics_[to], at_.x(mesh_, to), at_.y(mesh_, to),
                            at_.z(mesh_, to));
    }

    // When the cheapest is not sound or its target already changed this pass: the next cheapest
    // that is, within the pass's bound.
    uint32_t cheapest_valid(uint32_t from, double bound) {
        others_.clear();
        surface_.for_each_wedge(from, [&](uint32_t w, uint32_t) {
            double cost = cost_of(from, w);
            if (cost <= bound && !touched_[w]) others_.push_back({cost, from, w});
        });
        std::sort(others_.begin(), others_.end());
        for (const Candidate& c : others_)
            if (surface_.can_collapse(from, c.to)) return c.to;
        return kNone;
    }

    void collapse(uint32_t from, uint32_t to) {
        quadrics_[to] += quadrics_[from];
        surface_.collapse(from, to);
        // Only these two quadrics changed, so any other candidate's cost is still exact (a
        // neighbour's set of targets changed, not the cost of the one it was costed for).
        touched_[from] = touched_[to] = 1;
    }

    Mesh& mesh_;
    Centred at_;
    std::vector<Quadric> quadrics_;
    CollapseSurface surface_;
    std::vector<uint8_t> touched_;  // merged away or into in this pass: quadric changed
    std::vector<Candidate> candidates_, others_;
};

}  // namespace

DecimateResult decimate_mesh(Mesh& mesh, size_t target_triangles) {
    DecimateResult result;
    result.target = target_triangles;
    result.before = result.after = mesh.triangles.size();
    if (target_triangles == 0 || mesh.triangles.size() <= target_triangles) return result;
    Mesh simplified;
    simplified.positions = mesh.positions;
    simplified.triangles = mesh.triangles;
    Decimator decimator(simplified);
    result.faults_before = decimator.input_faults();
    decimator.run(target_triangles);
    Deviation dev = surface_deviation(mesh, simplified);
    result.mean_deviation_mm = dev.mean_mm;
    result.max_deviation_mm = dev.max_mm;
    // Counted independently of the collapse checks, so a regression shows in every report.
    BoundaryAudit audit = audit_boundary(simplified, {}, 0.0);
    result.faults_after = {audit.nonmanifold_edges, audit.folded_edges, audit.same_direction_edges};
    mesh.triangles = std::move(simplified.triangles);
    result.after = mesh.triangles.size();
    result.done = true;
    return result;
}

}  // namespace intake::mesh
