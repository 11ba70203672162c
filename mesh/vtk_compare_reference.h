// VTK doing what mesh/analysis's compare_scans does, as the alternative its benchmark runs in the
// same process: vtkIterativeClosestPointTransform (rigid, point-to-point on a number of landmarks,
// started by matching centroids) then vtkDistancePolyDataFilter (signed distance of every moved
// "after" vertex to the "before" surface). VTK types stay inside the .cpp, like vtk_reference.h.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh {

struct VtkCompareResult {
    // Maps "after" onto "before" (row-major 4x4, as vtkIterativeClosestPointTransform gives it).
    std::array<std::array<double, 4>, 4> matrix{};
    std::vector<float> deviation;  // signed, one per "after" vertex
    double icp_ms = 0;
    double distance_ms = 0;
};

class VtkCompareReference {
  public:
    // Converts both meshes to vtkPolyData once, so that run() times VTK's work alone.
    VtkCompareReference(const Mesh& before, const Mesh& after);
    ~VtkCompareReference();
    VtkCompareReference(const VtkCompareReference&) = delete;
    VtkCompareReference& operator=(const VtkCompareReference&) = delete;

    VtkCompareResult run(int landmarks, int max_iterations = 60) const;

  private:
    struct Data;
    std::unique_ptr<Data> data_;
};

}  // namespace intake::mesh
