#include "mesh/oracle/surface_agreement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mesh/clean/units.h"
#include "mesh/components.h"

namespace intake::mesh::oracle {

Vec3 box_centre(const Mesh& mesh) {
    const Bounds b = mesh_bounds(mesh);
    return {(b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2, (b.min.z + b.max.z) / 2};
}

SurfaceFigures surface_figures(const Mesh& mesh, const Vec3& about) {
    SurfaceFigures f;
    f.triangles = mesh.triangles.size();
    const double c[3] = {about.x, about.y, about.z};
    for (const Triangle& t : mesh.triangles) {
        f.area_mm2 += triangle_area(mesh, t);
        double p[3][3];
        for (int k = 0; k < 3; ++k) {
            const Vec3& v = mesh.positions[t[size_t(k)]];
            p[k][0] = v.x - c[0], p[k][1] = v.y - c[1], p[k][2] = v.z - c[2];
        }
        f.signed_volume_mm3 += (p[0][0] * (p[1][1] * p[2][2] - p[1][2] * p[2][1]) -
                                p[0][1] * (p[1][0] * p[2][2] - p[1][2] * p[2][0]) +
                                p[0][2] * (p[1][0] * p[2][1] - p[1][1] * p[2][0])) /
                               6.0;
    }
    return f;
}

namespace {

bool within(double a, double b, double relative, double scale) {
    return std::abs(a - b) <= relative * scale;
}

}  // namespace

std::string surface_disagreement(const SurfaceFigures& a, const SurfaceFigures& b,
                                 const Tolerance& tol) {
    char line[320];
    std::string out;
    const double tris = double(std::max(a.triangles, b.triangles));
    if (!within(double(a.triangles), double(b.triangles), tol.triangles, tris)) {
        std::snprintf(line, sizeof line, "triangles %zu vs %zu; ", a.triangles, b.triangles);
        out += line;
    }
    if (!within(a.area_mm2, b.area_mm2, tol.area, std::max(a.area_mm2, b.area_mm2))) {
        std::snprintf(line, sizeof line, "area %.2f vs %.2f mm2; ", a.area_mm2, b.area_mm2);
        out += line;
    }
    const double vol = std::max(std::abs(a.signed_volume_mm3), std::abs(b.signed_volume_mm3));
    if (!within(a.signed_volume_mm3, b.signed_volume_mm3, tol.volume, vol)) {
        std::snprintf(line, sizeof line, "signed volume %.2f vs %.2f mm3; ", a.signed_volume_mm3,
                      b.signed_volume_mm3);
        out += line;
    }
    return out;
}

}  // namespace intake::mesh::oracle
