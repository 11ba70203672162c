#include "mesh/vtk_reference.h"

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

#include <chrono>
#include <cmath>
#include <exception>
#include <string>

#include "mesh/clean/units.h"
#include "mesh/internal/vtk_interop.h"

namespace intake::mesh {
using detail::from_vtk;
using detail::to_vtk;
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

// Clean → connectivity → fill holes → normals (→ decimation), each timed into the report.
CleanResult run_reference(vtkSmartPointer<vtkPolyData> input, const CleanOptions& o, CleanReport r,
                          Clock::time_point& last) {
    r.input_vertices = size_t(input->GetNumberOfPoints());
    r.input_triangles = size_t(input->GetNumberOfCells());
    vtkNew<vtkCleanPolyData> weld;
    weld->SetInputData(input);
    weld->ToleranceIsAbsoluteOn();
    weld->SetAbsoluteTolerance(o.weld_tolerance_mm);
    weld->ConvertLinesToPointsOn();
    weld->ConvertPolysToLinesOn();
    weld->Update();
    r.timings_ms.emplace_back("clean", ms_since(last));
    vtkSmartPointer<vtkPolyData> kept = drop_small_regions(weld->GetOutput(), o, r);
    r.timings_ms.emplace_back("connectivity", ms_since(last));
    vtkNew<vtkFillHolesFilter> fill;
    fill->SetInputData(kept);
    fill->SetHoleSize(o.max_fill_perimeter_mm / (2.0 * M_PI));  // VTK takes a radius
    fill->Update();
    r.timings_ms.emplace_back("fill_holes", ms_since(last));
    vtkSmartPointer<vtkPolyData> surface = fill->GetOutput();
    if (o.target_triangles > 0 && size_t(surface->GetNumberOfCells()) > o.target_triangles) {
        vtkNew<vtkTriangleFilter> tri;
        tri->SetInputData(surface);
        vtkNew<vtkQuadricDecimation> dec;
        dec->SetInputConnection(tri->GetOutputPort());
        dec->SetTargetReduction(1.0 -
                                double(o.target_triangles) / double(surface->GetNumberOfCells()));
        dec->Update();
        surface = dec->GetOutput();
        r.decimated = true;
        r.timings_ms.emplace_back("decimate", ms_since(last));
    }
    vtkNew<vtkPolyDataNormals> normals;
    normals->SetInputData(surface);
    normals->ConsistencyOn();
    normals->SplittingOff();
    normals->ComputePointNormalsOn();
    normals->Update();
    r.timings_ms.emplace_back("normals", ms_since(last));
    CleanResult result{from_vtk(normals->GetOutput()), std::move(r)};
    result.report.output_vertices = result.mesh.positions.size();
    result.report.output_triangles = result.mesh.triangles.size();
    result.report.bbox_mm = mesh_bounds(result.mesh).size();
    return result;
}

Result<vtkSmartPointer<vtkPolyData>> read_with_vtk(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    if (!std::filesystem::exists(path))
        return fail(Errc::not_found, path.string() + ": no such file");
    if (ext == ".ply" || ext == ".PLY") {
        vtkNew<vtkPLYReader> reader;
        reader->SetFileName(path.c_str());
        reader->Update();
        return vtkSmartPointer<vtkPolyData>(reader->GetOutput());
    }
    if (ext == ".stl" || ext == ".STL") {
        vtkNew<vtkSTLReader> reader;  // merges coincident points while reading
        reader->SetFileName(path.c_str());
        reader->Update();
        return vtkSmartPointer<vtkPolyData>(reader->GetOutput());
    }
    return fail(Errc::unsupported, path.string() + ": the VTK reference reads .ply and .stl only");
}

}  // namespace

Result<CleanResult> clean_mesh_with_vtk(const Mesh& mesh, const CleanOptions& options) {
    try {
        auto last = Clock::now();
        return run_reference(to_vtk(mesh), options, {}, last);
    } catch (const std::exception& e) {
        return fail(Errc::internal, std::string("VTK reference pipeline: ") + e.what());
    }
}

Result<CleanResult> clean_file_with_vtk(const std::filesystem::path& path,
                                        const CleanOptions& options) {
    try {
        auto last = Clock::now();
        auto poly = read_with_vtk(path);
        if (!poly) return fail(poly.error());
        if ((*poly)->GetNumberOfCells() == 0)
            return fail(Errc::bad_input, path.string() + ": VTK read no cells");
        CleanReport r;
        r.timings_ms.emplace_back("read", ms_since(last));
        return run_reference(*poly, options, std::move(r), last);
    } catch (const std::exception& e) {
        return fail(Errc::internal, std::string("VTK reference pipeline: ") + e.what());
    }
}

Status clean_file_to_file_with_vtk(const std::filesystem::path& in,
                                   const std::filesystem::path& out, const CleanOptions& options) {
    auto cleaned = clean_file_with_vtk(in, options);
    if (!cleaned) return fail(cleaned.error());
    try {
        vtkSmartPointer<vtkPolyData> poly = to_vtk(cleaned->mesh);
        std::string ext = out.extension().string();
        if (ext == ".ply") {
            vtkNew<vtkPLYWriter> writer;
            writer->SetFileName(out.c_str());
            writer->SetFileTypeToBinary();
            writer->SetInputData(poly);
            if (writer->Write() != 1) return fail(Errc::io, out.string() + ": vtkPLYWriter failed");
        } else {
            vtkNew<vtkSTLWriter> writer;
            writer->SetFileName(out.c_str());
            writer->SetFileTypeToBinary();
            writer->SetInputData(poly);
            if (writer->Write() != 1) return fail(Errc::io, out.string() + ": vtkSTLWriter failed");
        }
        return ok();
    } catch (const std::exception& e) {
        return fail(Errc::internal, std::string("VTK writer: ") + e.what());
    }
}

Result<Mesh> decimate_with_vtk(const Mesh& mesh, size_t target_triangles) {
    try {
        vtkNew<vtkQuadricDecimation> dec;
        dec->SetInputData(to_vtk(mesh));
        double keep =
            mesh.triangles.empty() ? 1.0 : double(target_triangles) / double(mesh.triangles.size());
        dec->SetTargetReduction(std::clamp(1.0 - keep, 0.0, 1.0));
        dec->Update();
        return from_vtk(dec->GetOutput());
    } catch (const std::exception& e) {
        return fail(Errc::internal, std::string("vtkQuadricDecimation: ") + e.what());
    }
}

}  // namespace intake::mesh
