#include "mesh/oracle/vtk_compare_reference.h"

#include <vtkDataArray.h>
#include <vtkDistancePolyDataFilter.h>
#include <vtkIterativeClosestPointTransform.h>
#include <vtkLandmarkTransform.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkTransformPolyDataFilter.h>

#include "mesh/oracle/vtk_interop.h"

namespace intake::mesh::oracle {

struct VtkCompareReference::Data {
    vtkSmartPointer<vtkPolyData> before, after;
    vtkSmartPointer<vtkIterativeClosestPointTransform> icp;
    vtkSmartPointer<vtkPolyData> distances;
};

VtkCompareReference::VtkCompareReference(const Mesh& before, const Mesh& after)
    : data_(std::make_unique<Data>(Data{to_vtk(before), to_vtk(after), nullptr, nullptr})) {}

VtkCompareReference::~VtkCompareReference() = default;

void VtkCompareReference::run(int landmarks, double converged_rms_mm, int max_iterations) {
    auto icp = vtkSmartPointer<vtkIterativeClosestPointTransform>::New();
    icp->SetSource(data_->after);
    icp->SetTarget(data_->before);
    icp->GetLandmarkTransform()->SetModeToRigidBody();
    icp->SetMaximumNumberOfLandmarks(landmarks);
    icp->SetMaximumNumberOfIterations(max_iterations);
    icp->StartByMatchingCentroidsOn();
    // VTK's MeanDistance is the RMS motion of the landmarks between two iterations: the same
    // "the last update changed almost nothing" rule our registration stops on.
    icp->CheckMeanDistanceOn();
    icp->SetMeanDistanceModeToRMS();
    icp->SetMaximumMeanDistance(converged_rms_mm);
    icp->Modified();
    icp->Update();
    vtkNew<vtkTransformPolyDataFilter> move;
    move->SetInputData(data_->after);
    move->SetTransform(icp);
    vtkNew<vtkDistancePolyDataFilter> distance;
    distance->SetInputConnection(0, move->GetOutputPort());
    distance->SetInputData(1, data_->before);
    distance->SignedDistanceOn();
    distance->ComputeSecondDistanceOff();
    distance->Update();
    data_->icp = icp;
    data_->distances = distance->GetOutput();
}

VtkCompareResult VtkCompareReference::result() const {
    VtkCompareResult r;
    if (data_->icp == nullptr) return r;
    vtkMatrix4x4* m = data_->icp->GetMatrix();
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) r.matrix[i][j] = m->GetElement(i, j);
    r.iterations = data_->icp->GetNumberOfIterations();
    r.last_rms_change_mm = data_->icp->GetMeanDistance();
    vtkDataArray* d = data_->distances->GetPointData()->GetScalars();
    for (vtkIdType i = 0; d && i < d->GetNumberOfTuples(); ++i)
        r.deviation.push_back(static_cast<float>(d->GetTuple1(i)));
    return r;
}

}  // namespace intake::mesh::oracle
