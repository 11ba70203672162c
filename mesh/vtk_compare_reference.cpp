#include "mesh/vtk_compare_reference.h"

#include <vtkDataArray.h>
#include <vtkDistancePolyDataFilter.h>
#include <vtkIterativeClosestPointTransform.h>
#include <vtkLandmarkTransform.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkTransformPolyDataFilter.h>

#include <chrono>

#include "mesh/internal/vtk_interop.h"

namespace intake::mesh {

struct VtkCompareReference::Data {
    vtkSmartPointer<vtkPolyData> before, after;
};

VtkCompareReference::VtkCompareReference(const Mesh& before, const Mesh& after)
    : data_(std::make_unique<Data>(Data{detail::to_vtk(before), detail::to_vtk(after)})) {}

VtkCompareReference::~VtkCompareReference() = default;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

VtkCompareResult VtkCompareReference::run(int landmarks, int max_iterations) const {
    VtkCompareResult r;
    auto t0 = std::chrono::steady_clock::now();
    vtkNew<vtkIterativeClosestPointTransform> icp;
    icp->SetSource(data_->after);
    icp->SetTarget(data_->before);
    icp->GetLandmarkTransform()->SetModeToRigidBody();
    icp->SetMaximumNumberOfLandmarks(landmarks);
    icp->SetMaximumNumberOfIterations(max_iterations);
    icp->StartByMatchingCentroidsOn();
    icp->CheckMeanDistanceOn();
    icp->SetMaximumMeanDistance(1e-5);
    icp->Modified();
    icp->Update();
    vtkMatrix4x4* m = icp->GetMatrix();
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) r.matrix[i][j] = m->GetElement(i, j);
    vtkNew<vtkTransformPolyDataFilter> move;
    move->SetInputData(data_->after);
    move->SetTransform(icp);
    move->Update();
    r.icp_ms = ms_since(t0);

    t0 = std::chrono::steady_clock::now();
    vtkNew<vtkDistancePolyDataFilter> distance;
    distance->SetInputConnection(0, move->GetOutputPort());
    distance->SetInputData(1, data_->before);
    distance->SignedDistanceOn();
    distance->ComputeSecondDistanceOff();
    distance->Update();
    r.distance_ms = ms_since(t0);
    vtkDataArray* d = distance->GetOutput()->GetPointData()->GetScalars();
    for (vtkIdType i = 0; d && i < d->GetNumberOfTuples(); ++i)
        r.deviation.push_back(static_cast<float>(d->GetTuple1(i)));
    return r;
}

}  // namespace intake::mesh
