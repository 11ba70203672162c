// The stock VTK pipeline doing what clean_mesh does, as a test oracle and as the peer in the
// benchmarks: vtkPLYReader / vtkSTLReader, vtkCleanPolyData (weld), vtkPolyDataConnectivityFilter
// (drop small regions), vtkFillHolesFilter, vtkPolyDataNormals (consistent winding, point
// normals), vtkQuadricDecimation, vtkPLYWriter / vtkSTLWriter. The pipeline works on vtkPolyData
// from VTK's own reader to VTK's own writer, so a benchmark can time VTK with nothing of ours in
// between; the Mesh overloads convert (for tests, never inside a timed region).
#pragma once

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <cstddef>
#include <filesystem>

#include "base/result.h"
#include "mesh/clean.h"
#include "mesh/mesh.h"

namespace intake::mesh::oracle {

// vtkPLYReader or vtkSTLReader by extension, as a VTK program would choose.
Result<vtkSmartPointer<vtkPolyData>> read_with_vtk(const std::filesystem::path& path);

// Weld → drop small regions → fill holes → (decimate) → normals. The report gets the counts VTK
// can tell: input size, islands removed, components kept, per-stage timings.
vtkSmartPointer<vtkPolyData> clean_with_vtk(vtkPolyData* input, const CleanOptions& options,
                                            CleanReport& report);

// vtkPLYWriter or vtkSTLWriter (binary) by extension.
Status write_with_vtk(vtkPolyData* poly, const std::filesystem::path& path);

// vtkQuadricDecimation to about `target_triangles`.
vtkSmartPointer<vtkPolyData> decimate_with_vtk(vtkPolyData* input, size_t target_triangles);

// Conveniences for the tests: the same pipelines on a Mesh (converted in and out).
Result<CleanResult> clean_mesh_with_vtk(const Mesh& mesh, const CleanOptions& options);
Result<Mesh> decimate_with_vtk(const Mesh& mesh, size_t target_triangles);

}  // namespace intake::mesh::oracle
