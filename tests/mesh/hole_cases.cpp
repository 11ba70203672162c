#include "hole_cases.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace intake::mesh::test {
namespace {

constexpr uint32_t kGrid = 100;  // vertices per side
constexpr double kStep = 0.1;    // mm between grid vertices

class Rng {
  public:
    explicit Rng(uint64_t seed) : engine_(seed) {}
    double uniform() { return double(engine_() >> 11) / double(1ull << 53); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    uint32_t below(uint32_t n) { return static_cast<uint32_t>(uniform() * n) % n; }

  private:
    std::mt19937_64 engine_;
};

uint32_t vid(uint32_t i, uint32_t j) { return j * kGrid + i; }
// Each cell (i, j) holds two triangles, 2 * cell and 2 * cell + 1.
uint32_t cell(uint32_t i, uint32_t j) { return j * (kGrid - 1) + i; }

void add_surface(Mesh& m, Rng& rng) {
    // Waves of up to 0.6 mm over a few millimetres plus 10 µm of noise: no hole is planar.
    double amp = rng.uniform(0.05, 0.6), kx = rng.uniform(0.3, 1.5), ky = rng.uniform(0.3, 1.5);
    for (uint32_t j = 0; j < kGrid; ++j) {
        for (uint32_t i = 0; i < kGrid; ++i) {
            double x = i * kStep, y = j * kStep;
            double z = amp * std::sin(kx * x) * std::cos(ky * y) + rng.uniform(-0.01, 0.01);
            m.positions.push_back({float(x), float(y), float(z)});
        }
    }
    for (uint32_t j = 0; j + 1 < kGrid; ++j) {
        for (uint32_t i = 0; i + 1 < kGrid; ++i) {
            uint32_t a = vid(i, j), b = vid(i + 1, j), c = vid(i + 1, j + 1), d = vid(i, j + 1);
            m.triangles.push_back({a, b, c});
            m.triangles.push_back({a, c, d});
        }
    }
}

void kill_cell(std::vector<uint8_t>& dead, uint32_t i, uint32_t j) {
    if (i + 1 >= kGrid || j + 1 >= kGrid) return;
    dead[2 * cell(i, j)] = dead[2 * cell(i, j) + 1] = 1;
}

// Triangles whose centroid lies within r of a centre (a few triangles can be enough).
void plant_blob(const Mesh& m, std::vector<uint8_t>& dead, Rng& rng) {
    double cx = rng.uniform(0, (kGrid - 1) * kStep), cy = rng.uniform(0, (kGrid - 1) * kStep);
    double r = rng.uniform(0.03, 0.35), stretch = rng.uniform(0.5, 2.0);
    for (size_t t = 0; t < m.triangles.size(); ++t) {
        double x = 0, y = 0;
        for (uint32_t v : m.triangles[t]) x += m.positions[v].x / 3.0, y += m.positions[v].y / 3.0;
        double dx = (x - cx) * stretch, dy = (y - cy) / stretch;
        if (dx * dx + dy * dy <= r * r) dead[t] = 1;
    }
}

// Two cells meeting only at a corner: one figure-eight boundary through that vertex.
void plant_pinch(std::vector<uint8_t>& dead, Rng& rng) {
    uint32_t i = rng.below(kGrid - 2), j = rng.below(kGrid - 2);
    kill_cell(dead, i, j);
    kill_cell(dead, i + 1, j + 1);
}

// A strip one cell wide and 1–13 cells long, along x or y.
void plant_strip(std::vector<uint8_t>& dead, Rng& rng) {
    uint32_t len = 1 + rng.below(13);
    bool along_x = rng.uniform() < 0.5;
    uint32_t i = rng.below(kGrid - 1), j = rng.below(kGrid - 1);
    for (uint32_t k = 0; k < len; ++k) kill_cell(dead, along_x ? i + k : i, along_x ? j : j + k);
}

// Splits the lower triangle of 1–4 consecutive cells of a row at 1–3 points on its bottom
// edge; the cell below keeps the whole edge, so each edge becomes a flat slit (or, next to a
// hole, a run of collinear corners on its boundary).
size_t plant_slits(Mesh& m, const std::vector<uint8_t>& dead, std::vector<uint8_t>& split,
                   Rng& rng) {
    uint32_t run = 1 + rng.below(4);
    uint32_t i0 = rng.below(kGrid - 1 - run), j = 1 + rng.below(kGrid - 2);
    size_t made = 0;
    for (uint32_t i = i0; i < i0 + run; ++i) {
        uint32_t t = 2 * cell(i, j);  // (a, b, c) with a -> b along the row
        if (dead[t] || split[t]) continue;
        split[t] = 1;
        Triangle tri = m.triangles[t];
        const Vec3 &a = m.positions[tri[0]], &b = m.positions[tri[1]];
        std::vector<double> at;
        for (uint32_t k = 1 + rng.below(3); k > 0; --k) at.push_back(rng.uniform(0.15, 0.85));
        std::sort(at.begin(), at.end());
        uint32_t prev = tri[0];
        for (double s : at) {
            auto mid = static_cast<uint32_t>(m.positions.size());
            m.positions.push_back({float(a.x + s * (b.x - a.x)), float(a.y + s * (b.y - a.y)),
                                   float(a.z + s * (b.z - a.z))});
            m.triangles.push_back({prev, mid, tri[2]});
            prev = mid;
        }
        m.triangles[t] = {prev, tri[1], tri[2]};
        ++made;
    }
    return made;
}

}  // namespace

HoleCase make_hole_case(uint64_t seed) {
    Rng rng(seed);
    HoleCase hc;
    Mesh& m = hc.mesh;
    add_surface(m, rng);
    std::vector<uint8_t> dead(m.triangles.size(), 0);
    hc.blobs = 2 + rng.below(6);
    for (size_t k = 0; k < hc.blobs; ++k) plant_blob(m, dead, rng);
    hc.pinches = rng.below(3);
    for (size_t k = 0; k < hc.pinches; ++k) plant_pinch(dead, rng);
    hc.strips = rng.below(3);
    for (size_t k = 0; k < hc.strips; ++k) plant_strip(dead, rng);
    std::vector<uint8_t> split(m.triangles.size(), 0);
    for (uint32_t k = rng.below(4); k > 0; --k) hc.slits += plant_slits(m, dead, split, rng);
    dead.resize(m.triangles.size(), 0);
    size_t out = 0;
    for (size_t t = 0; t < m.triangles.size(); ++t) {
        if (!dead[t]) m.triangles[out++] = m.triangles[t];
    }
    m.triangles.resize(out);
    return hc;
}

}  // namespace intake::mesh::test
