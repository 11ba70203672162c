// Small double-precision vector and rigid-transform types for the analysis code. Mesh positions
// stay float (millimetres, as scanners export them); fits and sums run in double so that a
// 300k-point registration does not lose the last micrometres to rounding.
#pragma once

#include <array>
#include <cmath>

#include "mesh/mesh.h"

namespace intake::mesh {

struct Vec3d {
    double x = 0, y = 0, z = 0;
};

inline Vec3d to_d(const Vec3& v) { return {v.x, v.y, v.z}; }
inline Vec3 to_f(const Vec3d& v) {
    return {static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)};
}
inline Vec3d operator+(const Vec3d& a, const Vec3d& b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
inline Vec3d operator-(const Vec3d& a, const Vec3d& b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
inline Vec3d operator*(const Vec3d& a, double s) { return {a.x * s, a.y * s, a.z * s}; }
inline double dot(const Vec3d& a, const Vec3d& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
inline Vec3d cross(const Vec3d& a, const Vec3d& b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
inline double norm(const Vec3d& a) { return std::sqrt(dot(a, a)); }
inline Vec3d normalized(const Vec3d& a) {
    const double n = norm(a);
    return n > 0 ? a * (1.0 / n) : Vec3d{};
}

// x' = R x + t. Row-major rotation.
struct RigidTransform {
    std::array<std::array<double, 3>, 3> r{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    Vec3d t;

    Vec3d apply(const Vec3d& p) const {
        return {r[0][0] * p.x + r[0][1] * p.y + r[0][2] * p.z + t.x,
                r[1][0] * p.x + r[1][1] * p.y + r[1][2] * p.z + t.y,
                r[2][0] * p.x + r[2][1] * p.y + r[2][2] * p.z + t.z};
    }
    Vec3d rotate(const Vec3d& v) const {
        return {r[0][0] * v.x + r[0][1] * v.y + r[0][2] * v.z,
                r[1][0] * v.x + r[1][1] * v.y + r[1][2] * v.z,
                r[2][0] * v.x + r[2][1] * v.y + r[2][2] * v.z};
    }
    // 4×4 row-major, last row 0 0 0 1 (the JSON `transform` key).
    std::array<double, 16> matrix4() const;
};

// a ∘ b: first b, then a.
RigidTransform compose(const RigidTransform& a, const RigidTransform& b);
RigidTransform inverse(const RigidTransform& x);
// Rotation of |axis_angle| radians about axis_angle's direction (Rodrigues), plus translation.
RigidTransform from_axis_angle(const Vec3d& axis_angle, const Vec3d& translation);

// Applies x to every position (and rotates normals when present).
Mesh transformed(const Mesh& mesh, const RigidTransform& x);

}  // namespace intake::mesh
