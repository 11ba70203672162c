#include "mesh/analysis/rigid.h"

namespace intake::mesh {

std::array<double, 16> RigidTransform::matrix4() const {
    return {r[0][0], r[0][1], r[0][2], t.x, r[1][0], r[1][1], r[1][2], t.y,
            r[2][0], r[2][1], r[2][2], t.z, 0.0,     0.0,     0.0,     1.0};
}

RigidTransform compose(const RigidTransform& a, const RigidTransform& b) {
    RigidTransform out;
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            out.r[i][j] = a.r[i][0] * b.r[0][j] + a.r[i][1] * b.r[1][j] + a.r[i][2] * b.r[2][j];
        }
    }
    out.t = a.apply(b.t);
    return out;
}

RigidTransform inverse(const RigidTransform& x) {
    RigidTransform out;
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) out.r[i][j] = x.r[j][i];
    }
    out.t = out.rotate(x.t) * -1.0;
    return out;
}

RigidTransform from_axis_angle(const Vec3d& axis_angle, const Vec3d& translation) {
    RigidTransform out;
    out.t = translation;
    const double angle = norm(axis_angle);
    if (angle < 1e-15) return out;
    const Vec3d k = axis_angle * (1.0 / angle);
    const double c = std::cos(angle), s = std::sin(angle), v = 1.0 - c;
    out.r = {{{c + k.x * k.x * v, k.x * k.y * v - k.z * s, k.x * k.z * v + k.y * s},
              {k.y * k.x * v + k.z * s, c + k.y * k.y * v, k.y * k.z * v - k.x * s},
              {k.z * k.x * v - k.y * s, k.z * k.y * v + k.x * s, c + k.z * k.z * v}}};
    return out;
}

Mesh transformed(const Mesh& mesh, const RigidTransform& x) {
    Mesh out = mesh;
    for (auto& p : out.positions) p = to_f(x.apply(to_d(p)));
    for (auto& n : out.normals) n = to_f(x.rotate(to_d(n)));
    return out;
}

}  // namespace intake::mesh
