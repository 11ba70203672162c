#include "mesh_geometry.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "demo_arch.h"

namespace intake::app {
namespace {

constexpr int kStride = 10 * sizeof(float);  // xyz, normal xyz, rgba
constexpr float kEnamel[3] = {0.93f, 0.91f, 0.86f};

intake::mesh::Vec3 sub(intake::mesh::Vec3 a, intake::mesh::Vec3 b) {
    return {a.x - b.x, a.y - b.y, a.z - b.z};
}

intake::mesh::Vec3 cross(intake::mesh::Vec3 a, intake::mesh::Vec3 b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

// Area-weighted vertex normals: scanners often deliver none, and flat shading hides voids.
std::vector<intake::mesh::Vec3> vertex_normals(const intake::mesh::Mesh& mesh) {
    if (mesh.has_normals()) return mesh.normals;
    std::vector<intake::mesh::Vec3> normals(mesh.positions.size());
    for (const auto& t : mesh.triangles) {
        if (t[0] >= normals.size() || t[1] >= normals.size() || t[2] >= normals.size()) continue;
        const auto& p = mesh.positions;
        auto n = cross(sub(p[t[1]], p[t[0]]), sub(p[t[2]], p[t[0]]));
        for (uint32_t v : t) {
            normals[v].x += n.x;
            normals[v].y += n.y;
            normals[v].z += n.z;
        }
    }
    for (auto& n : normals) {
        float len = std::sqrt(n.x * n.x + n.y * n.y + n.z * n.z);
        if (len > 0) n = {n.x / len, n.y / len, n.z / len};
    }
    return normals;
}

}  // namespace

// Starts with a valid (empty) layout: Quick 3D divides by the stride even for an empty mesh.
MeshGeometry::MeshGeometry(QQuick3DObject* parent) : QQuick3DGeometry(parent) { apply(Buffers{}); }

MeshGeometry::Buffers MeshGeometry::build_buffers(const intake::mesh::Mesh& mesh) {
    Buffers out;
    const auto normals = vertex_normals(mesh);
    const bool colored = mesh.has_colors();
    out.vertices.resize(static_cast<qsizetype>(mesh.positions.size()) * kStride);
    auto* dst = reinterpret_cast<float*>(out.vertices.data());
    QVector3D lo(1e30f, 1e30f, 1e30f), hi(-1e30f, -1e30f, -1e30f);
    for (size_t i = 0; i < mesh.positions.size(); ++i) {
        const auto& p = mesh.positions[i];
        const auto& n = normals[i];
        float rgb[3] = {kEnamel[0], kEnamel[1], kEnamel[2]};
        if (colored) {
            for (int c = 0; c < 3; ++c) rgb[c] = mesh.colors[i][c] / 255.0f;
        }
        const float v[10] = {p.x, p.y, p.z, n.x, n.y, n.z, rgb[0], rgb[1], rgb[2], 1.0f};
        std::memcpy(dst + i * 10, v, sizeof v);
        lo = QVector3D(std::min(lo.x(), p.x), std::min(lo.y(), p.y), std::min(lo.z(), p.z));
        hi = QVector3D(std::max(hi.x(), p.x), std::max(hi.y(), p.y), std::max(hi.z(), p.z));
    }
    out.indices.resize(static_cast<qsizetype>(mesh.triangles.size()) * 3 * sizeof(uint32_t));
    std::memcpy(out.indices.data(), mesh.triangles.data(), static_cast<size_t>(out.indices.size()));
    out.min = mesh.positions.empty() ? QVector3D() : lo;
    out.max = mesh.positions.empty() ? QVector3D() : hi;
    out.triangles = static_cast<int>(mesh.triangles.size());
    return out;
}

void MeshGeometry::set_mesh(const intake::mesh::Mesh& mesh) { apply(build_buffers(mesh)); }

void MeshGeometry::apply(Buffers buffers) {
    clear();
    setStride(kStride);
    setPrimitiveType(QQuick3DGeometry::PrimitiveType::Triangles);
    addAttribute(QQuick3DGeometry::Attribute::PositionSemantic, 0,
                 QQuick3DGeometry::Attribute::F32Type);
    addAttribute(QQuick3DGeometry::Attribute::NormalSemantic, 3 * sizeof(float),
                 QQuick3DGeometry::Attribute::F32Type);
    addAttribute(QQuick3DGeometry::Attribute::ColorSemantic, 6 * sizeof(float),
                 QQuick3DGeometry::Attribute::F32Type);
    addAttribute(QQuick3DGeometry::Attribute::IndexSemantic, 0,
                 QQuick3DGeometry::Attribute::U32Type);
    setVertexData(buffers.vertices);
    setIndexData(buffers.indices);
    setBounds(buffers.min, buffers.max);
    min_ = buffers.min;
    max_ = buffers.max;
    triangles_ = buffers.triangles;
    update();
    emit meshChanged();
}

void MeshGeometry::loadDemoArch(int triangles, bool withVoids) {
    set_mesh(demo_arch(static_cast<size_t>(std::max(triangles, 100)), withVoids));
}

}  // namespace intake::app
