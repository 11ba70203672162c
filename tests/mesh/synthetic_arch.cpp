#include "synthetic_arch.h"

#include <algorithm>
#include <cmath>

namespace intake::mesh::test {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Small deterministic generator (no <random> distribution differences across libstdc++).
struct Lcg {
    uint64_t state;
    double next() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return double(state >> 11) / double(1ull << 53);
    }
};

Vec3 surface_point(double u, double v) {
    double t = -1.25 + 2.5 * u;  // angle along the horseshoe
    double s = kPi * v;          // around the half-ellipse cross-section
    double cx = 36.0 * std::sin(t), cz = 40.0 * std::cos(t);
    double nx = std::sin(t), nz = std::cos(t);  // outward in the horizontal plane
    double r = 5.0 * std::cos(s);
    return {float(cx + r * nx), float(9.0 * std::sin(s)), float(cz + r * nz)};
}

// Marks a k x k block of quads dead starting at (i0, j0); returns its centre.
Vec3 cut_block(std::vector<uint8_t>& dead, const ArchSpec& s, uint32_t i0, uint32_t j0,
               uint32_t k) {
    for (uint32_t i = i0; i < i0 + k; ++i) {
        for (uint32_t j = j0; j < j0 + k; ++j) {
            size_t quad = size_t(i) * (s.across - 1) + j;
            dead[2 * quad] = dead[2 * quad + 1] = 1;
        }
    }
    return surface_point((i0 + k / 2.0) / (s.along - 1), (j0 + k / 2.0) / (s.across - 1));
}

void add_grid(Mesh& m, const ArchSpec& s) {
    for (uint32_t i = 0; i < s.along; ++i) {
        for (uint32_t j = 0; j < s.across; ++j) {
            m.positions.push_back(
                surface_point(double(i) / (s.along - 1), double(j) / (s.across - 1)));
        }
    }
    for (uint32_t i = 0; i + 1 < s.along; ++i) {
        for (uint32_t j = 0; j + 1 < s.across; ++j) {
            uint32_t a = i * s.across + j, b = a + s.across;
            m.triangles.push_back({a, a + 1, b});
            m.triangles.push_back({a + 1, b + 1, b});
        }
    }
}

void add_holes(Mesh& m, const ArchSpec& s, Lcg& rng, PlantedDefects& p) {
    std::vector<uint8_t> dead(m.triangles.size(), 0);
    uint32_t slots = s.tiny_holes + s.large_holes;
    for (uint32_t h = 0; h < slots; ++h) {
        bool large = h < s.large_holes;
        uint32_t k = large ? 8 : 1;
        // Spread holes evenly along the arch, away from the border and from each other.
        uint32_t i0 = uint32_t((h + 0.5) * (s.along - 1) / slots) - k / 2;
        uint32_t j0 = uint32_t((0.3 + 0.4 * rng.next()) * (s.across - 1 - k));
        Vec3 c = cut_block(dead, s, i0, j0, k);
        if (large) p.large_hole_centres.push_back(c);
    }
    size_t out = 0;
    for (size_t t = 0; t < m.triangles.size(); ++t) {
        if (!dead[t]) m.triangles[out++] = m.triangles[t];
    }
    m.triangles.resize(out);
    p.tiny_holes = s.tiny_holes;
    p.large_holes = s.large_holes;
}

void add_debris(Mesh& m, const ArchSpec& s, Lcg& rng, PlantedDefects& p) {
    for (uint32_t d = 0; d < s.debris; ++d) {
        double area = 0.2 + 2.8 * rng.next();
        double a = std::sqrt(area / std::sqrt(3.0));  // regular tetrahedron of that area
        Vec3 c = surface_point(rng.next(), 0.5);
        c.y -= float(3.0 + 4.0 * rng.next());
        c.x += float(rng.next() * 4 - 2);
        auto base = uint32_t(m.positions.size());
        double h = a * std::sqrt(2.0 / 3.0), r = a / std::sqrt(3.0);
        m.positions.push_back({c.x + float(r), c.y, c.z});
        m.positions.push_back({c.x - float(r / 2), c.y, c.z + float(a / 2)});
        m.positions.push_back({c.x - float(r / 2), c.y, c.z - float(a / 2)});
        m.positions.push_back({c.x, c.y + float(h), c.z});
        m.triangles.push_back({base, base + 2, base + 1});
        m.triangles.push_back({base, base + 1, base + 3});
        m.triangles.push_back({base + 1, base + 2, base + 3});
        m.triangles.push_back({base + 2, base, base + 3});
    }
    p.debris = s.debris;
}

// The scanner stitched two passes: column `i` exists twice and the faces on one side use the copy.
void add_seam(Mesh& m, const ArchSpec& s, PlantedDefects& p) {
    uint32_t i = s.along / 2;
    auto base = uint32_t(m.positions.size());
    for (uint32_t j = 0; j < s.across; ++j) m.positions.push_back(m.positions[i * s.across + j]);
    for (Triangle& t : m.triangles) {
        bool right = std::any_of(t.begin(), t.end(),
                                 [&](uint32_t v) { return v < base && v / s.across == i + 1; });
        if (!right) continue;
        for (uint32_t& v : t) {
            if (v < base && v / s.across == i) v = base + v % s.across;
        }
    }
    p.seam_vertices = s.across;
}

void add_face_defects(Mesh& m, const ArchSpec& s, Lcg& rng, PlantedDefects& p) {
    size_t grid = m.triangles.size();
    for (uint32_t d = 0; d < s.degenerate; ++d) {
        Triangle t = m.triangles[size_t(rng.next() * grid)];
        if (d % 2 == 0) {
            m.triangles.push_back({t[0], t[0], t[1]});
        } else {  // a zero-area sliver through the midpoint of an existing edge
            const Vec3 &a = m.positions[t[0]], &b = m.positions[t[1]];
            m.positions.push_back({(a.x + b.x) / 2, (a.y + b.y) / 2, (a.z + b.z) / 2});
            m.triangles.push_back({t[0], uint32_t(m.positions.size() - 1), t[1]});
        }
    }
    for (uint32_t d = 0; d < s.duplicates; ++d) {
        Triangle t = m.triangles[size_t(rng.next() * grid)];
        m.triangles.push_back(d % 2 ? Triangle{t[0], t[2], t[1]} : t);
    }
    for (uint32_t d = 0; d < s.flaps; ++d) {
        // An interior edge along the cross-section, away from holes, border and seam, so it
        // already has two faces and the flap makes it non-manifold.
        uint32_t i = 2 + (3 * d) % std::max(1u, s.along / 3);
        uint32_t j = 1 + d % std::max(1u, s.across / 8);
        uint32_t a = i * s.across + j;
        const Vec3 &pa = m.positions[a], &pb = m.positions[a + 1];
        m.positions.push_back({(pa.x + pb.x) / 2, (pa.y + pb.y) / 2 + 0.5f, (pa.z + pb.z) / 2});
        m.triangles.push_back({a + 1, a, uint32_t(m.positions.size() - 1)});
    }
    p.degenerate = s.degenerate;
    p.duplicates = s.duplicates;
    p.flaps = s.flaps;
}

}  // namespace

Mesh make_arch(const ArchSpec& spec, PlantedDefects* planted) {
    PlantedDefects local;
    PlantedDefects& p = planted ? *planted : local;
    p = {};
    Lcg rng{spec.seed};
    Mesh m;
    add_grid(m, spec);
    add_holes(m, spec, rng, p);
    if (spec.flip_every > 0) {
        for (size_t t = spec.flip_every / 2; t < m.triangles.size(); t += spec.flip_every) {
            std::swap(m.triangles[t][1], m.triangles[t][2]);
            ++p.flipped;
        }
    }
    if (spec.seam) add_seam(m, spec, p);
    add_face_defects(m, spec, rng, p);
    add_debris(m, spec, rng, p);
    if (spec.scale != 1.0) {
        for (Vec3& v : m.positions)
            v = {float(v.x * spec.scale), float(v.y * spec.scale), float(v.z * spec.scale)};
    }
    return m;
}

}  // namespace intake::mesh::test
