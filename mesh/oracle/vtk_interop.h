// Our Mesh to and from vtkPolyData. Part of the VTK oracle (tests and benchmarks only): the
// product never converts to VTK, and a benchmark keeps these conversions out of VTK's timing.
#pragma once

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "mesh/mesh.h"

namespace intake::mesh::oracle {

// Positions (float, shared layout) and triangles.
vtkSmartPointer<vtkPolyData> to_vtk(const Mesh& mesh);
// Positions, polygons fanned into triangles, and point normals when VTK has them.
Mesh from_vtk(vtkPolyData* poly);

}  // namespace intake::mesh::oracle
