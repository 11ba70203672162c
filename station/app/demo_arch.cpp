#include "demo_arch.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace intake::app {
namespace {

constexpr size_t kRing = 64;  // vertices around the cross-section

struct Frame {
    float cx, cy, tx, ty;  // arch centre line point and its unit tangent
};

Frame arch_frame(float u) {
    const float theta = (u - 0.5f) * std::numbers::pi_v<float> * 0.92f;
    const float cx = 26.0f * std::sin(theta);
    const float cy = 30.0f * std::cos(theta);
    float tx = 26.0f * std::cos(theta), ty = -30.0f * std::sin(theta);
    const float len = std::hypot(tx, ty);
    return {cx, cy, tx / len, ty / len};
}

// Crown bulge: 14 teeth along the arch, molars wider than incisors.
float crown_scale(float u) {
    const float tooth = std::abs(std::sin(u * 14.0f * std::numbers::pi_v<float>));
    const float molar = 0.7f + 0.6f * std::abs(u - 0.5f) * 2.0f;
    return molar * (0.75f + 0.25f * std::sqrt(tooth));
}

bool in_void(float u, float v) {
    return (std::abs(u - 0.3f) < 0.025f && std::abs(v - 0.45f) < 0.08f) ||
           (std::abs(u - 0.72f) < 0.02f && std::abs(v - 0.6f) < 0.06f);
}

}  // namespace

intake::mesh::Mesh demo_arch(size_t triangles, bool voids) {
    const size_t along = std::max<size_t>(8, triangles / (2 * (kRing - 1)));
    intake::mesh::Mesh mesh;
    mesh.positions.reserve((along + 1) * kRing);
    mesh.colors.reserve((along + 1) * kRing);
    for (size_t i = 0; i <= along; ++i) {
        const float u = static_cast<float>(i) / static_cast<float>(along);
        const Frame f = arch_frame(u);
        const float s = crown_scale(u);
        for (size_t j = 0; j < kRing; ++j) {
            const float v = static_cast<float>(j) / static_cast<float>(kRing - 1);
            const float phi = v * std::numbers::pi_v<float>;  // half tube: crowns above the gum
            const float across = -std::cos(phi) * 4.5f * s;
            const float up = std::sin(phi) * 7.0f * s;
            // normal of the band in the plane: (-ty, tx)
            mesh.positions.push_back({f.cx - f.ty * across, f.cy + f.tx * across, up});
            const bool rim = voids && in_void(u, v);
            mesh.colors.push_back(rim ? kVoidColor : intake::mesh::Rgb8{236, 230, 216});
        }
    }
    for (size_t i = 0; i < along; ++i) {
        for (size_t j = 0; j + 1 < kRing; ++j) {
            const float u = (static_cast<float>(i) + 0.5f) / static_cast<float>(along);
            const float v = (static_cast<float>(j) + 0.5f) / static_cast<float>(kRing - 1);
            if (voids && in_void(u, v * 1.0f) && std::abs(u - (u < 0.5f ? 0.3f : 0.72f)) < 0.012f) {
                continue;  // the hole itself; its coloured rim stays
            }
            const auto a = static_cast<uint32_t>(i * kRing + j);
            const auto b = static_cast<uint32_t>((i + 1) * kRing + j);
            mesh.triangles.push_back({a, b, a + 1});
            mesh.triangles.push_back({a + 1, b, b + 1});
        }
    }
    return mesh;
}

}  // namespace intake::app
