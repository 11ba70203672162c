#include "mesh/oracle/vtk_interop.h"

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>

#include <algorithm>

namespace intake::mesh::oracle {

vtkSmartPointer<vtkPolyData> to_vtk(const Mesh& mesh) {
    vtkNew<vtkFloatArray> coords;
    coords->SetNumberOfComponents(3);
    coords->SetNumberOfTuples(static_cast<vtkIdType>(mesh.positions.size()));
    std::copy_n(&mesh.positions[0].x, mesh.positions.size() * 3, coords->GetPointer(0));
    vtkNew<vtkPoints> points;
    points->SetData(coords);
    vtkNew<vtkIdTypeArray> offsets, connectivity;
    offsets->SetNumberOfValues(static_cast<vtkIdType>(mesh.triangles.size() + 1));
    connectivity->SetNumberOfValues(static_cast<vtkIdType>(mesh.triangles.size() * 3));
    for (size_t t = 0; t <= mesh.triangles.size(); ++t)
        offsets->SetValue(vtkIdType(t), vtkIdType(3 * t));
    for (size_t t = 0; t < mesh.triangles.size(); ++t) {
        for (int c = 0; c < 3; ++c)
            connectivity->SetValue(vtkIdType(3 * t + c), mesh.triangles[t][c]);
    }
    vtkNew<vtkCellArray> polys;
    polys->SetData(offsets, connectivity);
    auto poly = vtkSmartPointer<vtkPolyData>::New();
    poly->SetPoints(points);
    poly->SetPolys(polys);
    return poly;
}

Mesh from_vtk(vtkPolyData* poly) {
    Mesh mesh;
    vtkIdType n = poly->GetNumberOfPoints();
    mesh.positions.resize(size_t(n));
    for (vtkIdType i = 0; i < n; ++i) {
        double p[3];
        poly->GetPoint(i, p);
        mesh.positions[size_t(i)] = {float(p[0]), float(p[1]), float(p[2])};
    }
    vtkCellArray* polys = poly->GetPolys();
    mesh.triangles.reserve(size_t(polys->GetNumberOfCells()));
    vtkIdType npts = 0;
    const vtkIdType* ids = nullptr;
    for (polys->InitTraversal(); polys->GetNextCell(npts, ids);) {
        for (vtkIdType k = 1; k + 1 < npts; ++k) {
            mesh.triangles.push_back({uint32_t(ids[0]), uint32_t(ids[k]), uint32_t(ids[k + 1])});
        }
    }
    if (vtkDataArray* normals = poly->GetPointData()->GetNormals(); normals != nullptr) {
        mesh.normals.resize(size_t(n));
        for (vtkIdType i = 0; i < n; ++i) {
            double* v = normals->GetTuple3(i);
            mesh.normals[size_t(i)] = {float(v[0]), float(v[1]), float(v[2])};
        }
    }
    return mesh;
}

}  // namespace intake::mesh::oracle
