// The stock VTK pipeline doing what clean_mesh does, for the benchmark and as a test oracle:
// vtkCleanPolyData (weld), vtkPolyDataConnectivityFilter (drop small regions), vtkFillHolesFilter,
// vtkPolyDataNormals (consistent winding, point normals), vtkQuadricDecimation. VTK types stay
// inside the .cpp; this header speaks Mesh and CleanReport like the rest of the library.
#pragma once

#include <cstddef>
#include <filesystem>

#include "mesh/clean.h"
#include "mesh/mesh.h"
#include "base/result.h"

namespace intake::mesh {

// The reference pipeline on a Mesh already in memory. The report fills the counts VTK can
// tell: input/output sizes, islands removed, components kept, timings.
Result<CleanResult> clean_mesh_with_vtk(const Mesh& mesh, const CleanOptions& options);

// Read with vtkPLYReader / vtkSTLReader (by extension, as a VTK program would) and run the
// reference pipeline; the "read" step is timed too.
Result<CleanResult> clean_file_with_vtk(const std::filesystem::path& path,
                                        const CleanOptions& options);

// The whole job in VTK: read, clean, write with vtkPLYWriter / vtkSTLWriter (binary).
Status clean_file_to_file_with_vtk(const std::filesystem::path& in,
                                   const std::filesystem::path& out, const CleanOptions& options);

// vtkQuadricDecimation to about `target_triangles`.
Result<Mesh> decimate_with_vtk(const Mesh& mesh, size_t target_triangles);

}  // namespace intake::mesh
