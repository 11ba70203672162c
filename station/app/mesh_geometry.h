// MeshGeometry: a Qt Quick 3D geometry fed from intake::mesh::Mesh — interleaved position,
// normal and RGBA colour per vertex (voids and heat maps are per-vertex colours), 32-bit indices.
#pragma once

#include <QtQml/qqmlregistration.h>

#include <QQuick3DGeometry>
#include <QVector3D>

#include "mesh/mesh.h"

namespace intake::app {

class MeshGeometry : public QQuick3DGeometry {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int triangleCount READ triangle_count NOTIFY meshChanged)
    Q_PROPERTY(QVector3D center READ center NOTIFY meshChanged)
    Q_PROPERTY(float radius READ radius NOTIFY meshChanged)

  public:
    explicit MeshGeometry(QQuick3DObject* parent = nullptr);

    // Copies the mesh into GPU-ready buffers. Normals are computed when the mesh has none;
    // vertices without a colour are drawn in the default enamel tone.
    void set_mesh(const intake::mesh::Mesh& mesh);
    // Builds the GPU buffers off the GUI thread (they are plain bytes), then applies them here.
    struct Buffers {
        QByteArray vertices;
        QByteArray indices;
        QVector3D min, max;
        int triangles = 0;
    };
    static Buffers build_buffers(const intake::mesh::Mesh& mesh);
    void apply(Buffers buffers);

    // A procedural demo arch so the screen and the mock backend have something to show.
    Q_INVOKABLE void loadDemoArch(int triangles, bool withVoids);

    int triangle_count() const { return triangles_; }
    QVector3D center() const { return (min_ + max_) * 0.5f; }
    float radius() const { return (max_ - min_).length() * 0.5f; }

  signals:
    void meshChanged();

  private:
    int triangles_ = 0;
    QVector3D min_, max_;
};

}  // namespace intake::app
