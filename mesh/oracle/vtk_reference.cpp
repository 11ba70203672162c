#include "mesh/oracle/vtk_reference.h"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCleanPolyData.h>
#include <vtkFillHolesFilter.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkNew.h>
#include <vtkPLYReader.h>
#include <vtkPLYWriter.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataConnectivityFilter.h>
#include <vtkPolyDataNormals.h>
#include <vtkQuadricDecimation.h>
#include <vtkSTLReader.h>
#include <vtkSTLWriter.h>
#include <vtkSmartPointer.h>
#include <vtkTriangleFilter.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <string>
#include <vector>

#include "mesh/clean/units.h"
#include "mesh/oracle/vtk_interop.h"

namespace intake::mesh::oracle {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point& last) {
    auto now = Clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - last).count();
    last = now;
    return ms;
}

double cell_area(vtkPolyData* poly, vtkIdType cell) {
    vtkIdType npts = 0;
    const vtkIdType* ids = nullptr;
    poly->GetCellPoints(cell, npts, ids);
    if (npts < 3) return 0;
    double a[3], b[3], c[3];
    poly->GetPoint(ids[0], a);
    poly->GetPoint(ids[1], b);
    poly->GetPoint(ids[2], c);
    double u[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]},
           v[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
    double n[3] = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    return 0.5 * std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
}

// Connectivity twice (label, then extract the kept regions) and a clean for unused points:
// the usual way to drop small regions with stock filters.
vtkSmartPointer<vtkPolyData> drop_small_regions(vtkPolyData* input, const CleanOptions& o,
                                                CleanReport& r) {
    vtkNew<vtkPolyDataConnectivityFilter> label;
    label->SetInputData(input);
    label->SetExtractionModeToAllRegions();
    label->ColorRegionsOn();
    label->Update();
    vtkPolyData* labelled = label->GetOutput();
    // VTK 9.1 labels points, not cells: a cell belongs to its first point's region.
    auto* region = vtkIdTypeArray::SafeDownCast(labelled->GetPointData()->GetArray("RegionId"));
    int regions = label->GetNumberOfExtractedRegions();
    std::vector<double> area(size_t(std::max(regions, 0)), 0.0);
    for (vtkIdType c = 0; region != nullptr && c < labelled->GetNumberOfCells(); ++c) {
        vtkIdType npts = 0;
        const vtkIdType* ids = nullptr;
        labelled->GetCellPoints(c, npts, ids);
        if (npts > 0) area[size_t(region->GetValue(ids[0]))] += cell_area(labelled, c);
    }
    double largest = area.empty() ? 0 : *std::max_element(area.begin(), area.end());
    vtkNew<vtkPolyDataConnectivityFilter> extract;
    extract->SetInputData(input);
    extract->SetExtractionModeToSpecifiedRegions();
    for (int i = 0; i < regions; ++i) {
        if (area[size_t(i)] < o.min_island_area_mm2 && area[size_t(i)] < 0.01 * largest) {
            ++r.removed_islands;
        } else {
            extract->AddSpecifiedRegion(i);
            ++r.components;
        }
    }
    vtkNew<vtkCleanPolyData> tidy;
    tidy->SetInputConnection(extract->GetOutputPort());
    tidy->PointMergingOff();
    tidy->Update();
    return tidy->GetOutput();
}

vtkSmartPointer<vtkPolyData> weld(vtkPolyData* input, double tolerance_mm) {
    vtkNew<vtkCleanPolyData> weld;
    weld->SetInputData(input);
    weld->ToleranceIsAbsoluteOn();
    weld->SetAbsoluteTolerance(tolerance_mm);
    weld->ConvertLinesToPointsOn();
    weld->ConvertPolysToLinesOn();
    weld->Update();
    return weld->GetOutput();
}

vtkSmartPointer<vtkPolyData> fill_holes(vtkPolyData* input, double max_perimeter_mm) {
    vtkNew<vtkFillHolesFilter> fill;
    fill->SetInputData(input);
    fill->SetHoleSize(max_perimeter_mm / (2.0 * M_PI));  // VTK takes a radius
    fill->Update();
    return fill->GetOutput();
}

vtkSmartPointer<vtkPolyData> normals(vtkPolyData* input) {
    vtkNew<vtkPolyDataNormals> normals;
    normals->SetInputData(input);
    normals->ConsistencyOn();
    normals->SplittingOff();
    normals->ComputePointNormalsOn();
    normals->Update();
    return normals->GetOutput();
}

}  // namespace

Result<vtkSmartPointer<vtkPolyData>> read_with_vtk(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    if (!std::filesystem::exists(path))
        return fail(Errc::not_found, path.string() + ": no such file");
    vtkSmartPointer<vtkPolyData> poly;
    if (ext == ".ply" || ext == ".PLY") {
        vtkNew<vtkPLYReader> reader;
        reader->SetFileName(path.c_str());
        reader->Update();
        poly = reader->GetOutput();
    } else if (ext == ".stl" || ext == ".STL") {
        vtkNew<vtkSTLReader> reader;  // merges coincident points while reading
        reader->SetFileName(path.c_str());
        reader->Update();
        poly = reader->GetOutput();
    } else {
        return fail(Errc::unsupported, path.string() + ": the VTK oracle reads .ply and .stl only");
    }
    if (poly == nullptr || poly->GetNumberOfCells() == 0)
        return fail(Errc::bad_input, path.string() + ": VTK read no cells");
    return poly;
}

vtkSmartPointer<vtkPolyData> clean_with_vtk(vtkPolyData* input, const CleanOptions& o,
                                            CleanReport& r) {
    auto last = Clock::now();
    r.input_vertices = size_t(input->GetNumberOfPoints());
    r.input_triangles = size_t(input->GetNumberOfCells());
    vtkSmartPointer<vtkPolyData> welded = weld(input, o.weld_tolerance_mm);
    r.timings_ms.emplace_back("clean", ms_since(last));
    vtkSmartPointer<vtkPolyData> kept = drop_small_regions(welded, o, r);
    r.timings_ms.emplace_back("connectivity", ms_since(last));
    vtkSmartPointer<vtkPolyData> surface =
        o.fill_holes ? fill_holes(kept, o.max_fill_perimeter_mm) : kept;
    r.timings_ms.emplace_back("fill_holes", ms_since(last));
    if (o.target_triangles > 0 && size_t(surface->GetNumberOfCells()) > o.target_triangles) {
        vtkNew<vtkTriangleFilter> tri;
        tri->SetInputData(surface);
        tri->Update();
        surface = decimate_with_vtk(tri->GetOutput(), o.target_triangles);
        r.decimated = true;
        r.timings_ms.emplace_back("decimate", ms_since(last));
    }
    vtkSmartPointer<vtkPolyData> out = normals(surface);
    r.timings_ms.emplace_back("normals", ms_since(last));
    r.output_vertices = size_t(out->GetNumberOfPoints());
    r.output_triangles = size_t(out->GetNumberOfCells());
    return out;
}

Status write_with_vtk(vtkPolyData* poly, const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    if (ext == ".ply" || ext == ".PLY") {
        vtkNew<vtkPLYWriter> writer;
        writer->SetFileName(path.c_str());
        writer->SetFileTypeToBinary();
        writer->SetInputData(poly);
        if (writer->Write() != 1) return fail(Errc::io, path.string() + ": vtkPLYWriter failed");
        return ok();
    }
    if (ext == ".stl" || ext == ".STL") {
        vtkNew<vtkSTLWriter> writer;
        writer->SetFileName(path.c_str());
        writer->SetFileTypeToBinary();
        writer->SetInputData(poly);
        if (writer->Write() != 1) return fail(Errc::io, path.string() + ": vtkSTLWriter failed");
        return ok();
    }
    return fail(Errc::unsupported, path.string() + ": the VTK oracle writes .ply and .stl only");
}

vtkSmartPointer<vtkPolyData> decimate_with_vtk(vtkPolyData* input, size_t target_triangles) {
    vtkNew<vtkQuadricDecimation> dec;
    dec->SetInputData(input);
    vtkIdType cells = input->GetNumberOfCells();
    double keep = cells == 0 ? 1.0 : double(target_triangles) / double(cells);
    dec->SetTargetReduction(std::clamp(1.0 - keep, 0.0, 1.0));
    dec->Update();
    return dec->GetOutput();
}

Result<CleanResult> clean_mesh_with_vtk(const Mesh& mesh, const CleanOptions& options) {
    try {
        CleanReport report;
        vtkSmartPointer<vtkPolyData> out = clean_with_vtk(to_vtk(mesh), options, report);
        CleanResult result{from_vtk(out), std::move(report)};
        result.report.bbox_mm = mesh_bounds(result.mesh).size();
        return result;
    } catch (const std::exception& e) {
        return fail(Errc::internal, std::string("VTK reference pipeline: ") + e.what());
    }
}

Result<Mesh> decimate_with_vtk(const Mesh& mesh, size_t target_triangles) {
    try {
        return from_vtk(decimate_with_vtk(to_vtk(mesh), target_triangles));
    } catch (const std::exception& e) {
        return fail(Errc::internal, std::string("vtkQuadricDecimation: ") + e.what());
    }
}

}  // namespace intake::mesh::oracle
