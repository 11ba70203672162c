#include "mesh/clean/units.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace intake::mesh {
namespace {

// A plausible arch width after conversion. Generous on both sides: a partial arch (quadrant
// scan) is narrower, a full arch with gingiva wider.
constexpr double kMinWidthMm = 20.0;
constexpr double kMaxWidthMm = 150.0;
constexpr double kTypicalWidthMm = 65.0;

}  // namespace

Bounds mesh_bounds(const Mesh& mesh) {
    if (mesh.triangles.empty() || mesh.positions.empty()) return {};
    Bounds b{{INFINITY, INFINITY, INFINITY}, {-INFINITY, -INFINITY, -INFINITY}};
    for (const Vec3& p : mesh.positions) {
        b.min = {std::min(b.min.x, p.x), std::min(b.min.y, p.y), std::min(b.min.z, p.z)};
        b.max = {std::max(b.max.x, p.x), std::max(b.max.y, p.y), std::max(b.max.z, p.z)};
    }
    return b;
}

UnitGuess guess_units(const Mesh& mesh) {
    UnitGuess guess;
    std::array<double, 3> e = mesh_bounds(mesh).size();
    std::sort(e.begin(), e.end(), std::greater<>());
    guess.width = e[0];
    guess.depth = e[1];
    guess.height = e[2];
    struct Candidate {
        std::string_view name;
        double factor;
    };
    static constexpr Candidate kCandidates[] = {
        {"mm", 1.0}, {"cm", 10.0}, {"in", 25.4}, {"m", 1000.0}};
    double best = INFINITY;
    for (const Candidate& c : kCandidates) {
        double w = guess.width * c.factor;
        if (w < kMinWidthMm || w > kMaxWidthMm) continue;
        if (c.factor == 1.0) return {c.name, 1.0, e[0], e[1], e[2]};  // mm wins when plausible
        double miss = std::abs(std::log(w / kTypicalWidthMm));
        if (miss < best) {
            best = miss;
            guess.units = c.name;
            guess.scale_to_mm = c.factor;
        }
    }
    return guess;
}

void scale_mesh(Mesh& mesh, double factor) {
    auto f = static_cast<float>(factor);
    for (Vec3& p : mesh.positions) p = {p.x * f, p.y * f, p.z * f};
}

}  // namespace intake::mesh
