// Private to intake_mesh: our Mesh to and from vtkPolyData, for the VTK reference pipelines
// (vtk_reference.cpp, vtk_compare_reference.cpp). Only mesh .cpp files include this header, so
// VTK types never reach a public header.
#pragma once

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "mesh/mesh.h"

namespace intake::mesh::detail {

// Positions (float, shared layout) and triangles.
vtkSmartPointer<vtkPolyData> to_vtk(const Mesh& mesh);
// Positions, polygons fanned into triangles, and point normals when VTK has them.
Mesh from_vtk(vtkPolyData* poly);

}  // namespace intake::mesh::detail
