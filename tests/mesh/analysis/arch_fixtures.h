// Shared fixtures for the mesh-analysis tests: the real testdata arches and the ways the tests
// move them (rigid moves, one tooth displaced, noise, a mirrored opposing arch at a known gap).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "mesh/analysis/arch_frame.h"
#include "mesh/analysis/rigid.h"
#include "mesh/components.h"
#include "mesh/mesh_io.h"

namespace intake::mesh::testing {

inline std::string scan_path(const std::string& name) {
    return std::string(INTAKE_TESTDATA_DIR) + "/scans/" + name;
}

inline Mesh load_arch(const std::string& name) {
    auto loaded = read_mesh(scan_path(name));
    EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().message);
    return loaded ? loaded->mesh : Mesh{};
}

// A proper rotation about a random axis by up to max_angle, translation up to max_shift per axis.
inline RigidTransform random_rigid(uint32_t seed, double max_angle = 3.0, double max_shift = 20.0) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0, 1);
    std::uniform_real_distribution<double> u(-1, 1);
    const Vec3d axis = normalized({g(rng), g(rng), g(rng)});
    const double angle = max_angle * (0.3 + 0.7 * std::abs(u(rng)));
    return from_axis_angle(axis * angle,
                           {max_shift * u(rng), max_shift * u(rng), max_shift * u(rng)});
}

// Moves every vertex of component `tooth` (labels per triangle) by `offset`.
inline void displace_component(Mesh& mesh, const std::vector<uint32_t>& labels, uint32_t tooth,
                               const Vec3d& offset) {
    const auto per_vertex = vertex_labels(mesh, labels);
    for (size_t i = 0; i < mesh.positions.size(); ++i) {
        if (per_vertex[i] == tooth) mesh.positions[i] = to_f(to_d(mesh.positions[i]) + offset);
    }
}

// Independent Gaussian noise of sigma mm on every coordinate.
inline void add_noise(Mesh& mesh, double sigma, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0, sigma);
    for (auto& p : mesh.positions) p = to_f(to_d(p) + Vec3d{g(rng), g(rng), g(rng)});
}

// The arch mirrored across the plane y = plane_y, winding reversed so normals stay outward.
inline Mesh mirrored_y(const Mesh& mesh, double plane_y) {
    Mesh out = mesh;
    for (auto& p : out.positions) p.y = static_cast<float>(2 * plane_y - p.y);
    for (auto& t : out.triangles) std::swap(t[1], t[2]);
    out.normals.clear();
    return out;
}

inline double min_y(const Mesh& mesh) {
    double m = 1e30;
    for (const auto& p : mesh.positions) m = std::min(m, static_cast<double>(p.y));
    return m;
}

}  // namespace intake::mesh::testing
