#include "mesh/analysis/spatial_order.h"

#include <algorithm>
#include <cmath>

namespace intake::mesh {
namespace {

// Spreads the low 7 bits of v to every third bit (bit i goes to bit 3i).
uint32_t spread_bits(uint32_t v) {
    uint32_t out = 0;
    for (int i = 0; i < 7; ++i) out |= ((v >> i) & 1u) << (3 * i);
    return out;
}

template <typename P>
std::vector<uint32_t> order_by_cell(std::span<const P> points) {
    const size_t n = points.size();
    std::vector<uint32_t> order(n);
    if (n == 0) return order;
    double lo[3] = {points[0].x, points[0].y, points[0].z}, hi[3] = {lo[0], lo[1], lo[2]};
    for (const P& p : points) {
        const double v[3] = {p.x, p.y, p.z};
        for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], v[a]), hi[a] = std::max(hi[a], v[a]);
    }
    // About n cells in all: 2^bits per axis with 3·bits ≈ log2 n, at most 7 bits (2M cells).
    const int bits = std::clamp(static_cast<int>(std::ceil(std::log2(double(n)) / 3)), 1, 7);
    const uint32_t side = 1u << bits;
    double scale[3];
    for (int a = 0; a < 3; ++a) scale[a] = hi[a] > lo[a] ? side / (hi[a] - lo[a]) : 0.0;
    std::vector<uint32_t> cell(n);
    std::vector<uint32_t> start((size_t{1} << (3 * bits)) + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        const double v[3] = {points[i].x, points[i].y, points[i].z};
        uint32_t code = 0;
        for (int a = 0; a < 3; ++a) {
            const double c = (v[a] - lo[a]) * scale[a];
            const auto k = static_cast<uint32_t>(std::clamp(c, 0.0, double(side - 1)));
            code |= spread_bits(k) << a;
        }
        cell[i] = code;
        ++start[code + 1];
    }
    for (size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
    for (size_t i = 0; i < n; ++i) order[start[cell[i]]++] = static_cast<uint32_t>(i);
    return order;
}

}  // namespace

std::vector<uint32_t> spatial_order(std::span<const Vec3> points) { return order_by_cell(points); }

std::vector<uint32_t> spatial_order(std::span<const Vec3d> points) { return order_by_cell(points); }

}  // namespace intake::mesh
