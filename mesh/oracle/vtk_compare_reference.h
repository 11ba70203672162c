// VTK doing what mesh/analysis's compare_scans does, as the peer its benchmark runs in the same
// process: vtkIterativeClosestPointTransform (rigid, point-to-point on a number of landmarks,
// started by matching centroids) then vtkDistancePolyDataFilter (signed distance of every moved
// "after" vertex to the "before" surface).
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh::oracle {

struct VtkCompareResult {
    // Maps "after" onto "before" (row-major 4x4, as vtkIterativeClosestPointTransform gives it).
    std::array<std::array<double, 4>, 4> matrix{};
    std::vector<float> deviation;   // signed, one per "after" vertex
    int iterations = 0;             // ICP iterations VTK ran
    double last_rms_change_mm = 0;  // RMS landmark motion of VTK's last iteration
};

class VtkCompareReference {
  public:
    // Converts both meshes to vtkPolyData once, so that run() times VTK's work alone.
    VtkCompareReference(const Mesh& before, const Mesh& after);
    ~VtkCompareReference();
    VtkCompareReference(const VtkCompareReference&) = delete;
    VtkCompareReference& operator=(const VtkCompareReference&) = delete;

    // ICP stops when one iteration moves the landmarks by less than `converged_rms_mm` (RMS,
    // VTK's CheckMeanDistance) or after `max_iterations`; then the distance filter runs. The
    // output stays in VTK's arrays until result() copies it out (outside any timed region).
    void run(int landmarks, double converged_rms_mm, int max_iterations = 100);
    VtkCompareResult result() const;

  private:
    struct Data;
    std::unique_ptr<Data> data_;
};

}  // namespace intake::mesh::oracle
