#include "scan_pipeline.h"

#include <algorithm>
#include <system_error>

#include "base/atomic_file.h"
#include "base/file_io.h"
#include "demo_arch.h"
#include "mesh/analysis/bite.h"
#include "mesh/analysis/compare.h"
#include "mesh/check.h"
#include "mesh/clean.h"
#include "mesh/mesh_io.h"
#include "qt_strings.h"

namespace intake::app {
namespace fs = std::filesystem;

namespace {

// Paints every vertex within a void's radius (plus a margin) so the opening is easy to see.
void paint_voids(intake::mesh::Mesh& mesh, const std::vector<intake::mesh::VoidReport>& voids) {
    if (voids.empty()) return;
    if (!mesh.has_colors())
        mesh.colors.assign(mesh.positions.size(), intake::mesh::Rgb8{236, 230, 216});
    for (const auto& v : voids) {
        const double r = std::max(1.0, v.radius_mm * 1.4);
        const double r2 = r * r;
        for (size_t i = 0; i < mesh.positions.size(); ++i) {
            const auto& p = mesh.positions[i];
            const double dx = p.x - v.center.x, dy = p.y - v.center.y, dz = p.z - v.center.z;
            if (dx * dx + dy * dy + dz * dz <= r2) mesh.colors[i] = kVoidColor;
        }
    }
}

// QA on the scan as it came (check_mesh), then the cleanup; the screen shows the cleaned arch.
Status clean_and_check(intake::mesh::Mesh& mesh, ProcessedScan& out) {
    const intake::mesh::ScanCheck check = intake::mesh::check_mesh(mesh);
    out.verdict = qs(std::string(verdict_name(check.verdict)));
    out.reason_list = check.reasons;
    for (const auto& r : check.reasons) out.reasons += (out.reasons.isEmpty() ? "" : "\n") + qs(r);
    if (out.reasons.isEmpty())
        out.reasons = QString("No findings: %1 triangles, %2 × %3 mm.")
                          .arg(check.triangles)
                          .arg(check.width_mm, 0, 'f', 1)
                          .arg(check.depth_mm, 0, 'f', 1);
    auto cleaned = intake::mesh::clean_mesh(std::move(mesh), intake::mesh::CleanOptions{});
    if (!cleaned) return fail(cleaned.error());
    mesh = std::move(cleaned->mesh);
    out.voids = static_cast<int>(cleaned->report.voids.size());
    mesh.colors.clear();
    paint_voids(mesh, cleaned->report.voids);
    return ok();
}

}  // namespace

ProcessedScan process_scan(const std::string& arch, const std::vector<std::byte>& bytes,
                           const fs::path& dir) {
    ProcessedScan out;
    std::error_code ec;
    (void)create_private_directories(dir);  // a failure shows as the write below failing
    const fs::path raw = dir / (arch + "-raw.scan");
    if (auto st = write_file_atomic(raw, bytes); !st) {
        out.error = qs(st.error().to_string());
        return out;
    }
    auto loaded = intake::mesh::read_mesh(raw);
    if (!loaded) {
        out.error = qs(loaded.error().to_string());
        return out;
    }
    // Keep the raw file under the name of the format it really is (read from its content).
    const std::string format(intake::mesh::format_name(loaded->format));
    out.raw_file = dir / (arch + "-raw" +
                          (format.rfind("stl", 0) == 0   ? ".stl"
                           : format.rfind("ply", 0) == 0 ? ".ply"
                                                         : ".obj"));
    fs::rename(raw, out.raw_file, ec);
    if (ec) {
        out.error = qs(out.raw_file.string() + ": " + ec.message());
        return out;
    }
    intake::mesh::Mesh mesh = std::move(loaded->mesh);
    if (auto st = clean_and_check(mesh, out); !st) {
        out.error = qs(st.error().to_string());
        return out;
    }
    out.file = dir / (arch + "-clean.ply");
    if (auto st = intake::mesh::write_mesh(out.file, mesh); !st) {
        out.error = qs(st.error().to_string());
        return out;
    }
    out.buffers = MeshGeometry::build_buffers(mesh);
    out.mesh = std::make_shared<const intake::mesh::Mesh>(std::move(mesh));
    return out;
}

Result<std::shared_ptr<const intake::mesh::Mesh>> load_stored_scan(const fs::path& file) {
    auto loaded = intake::mesh::read_mesh(file);
    if (!loaded) return fail(loaded.error());
    return std::make_shared<const intake::mesh::Mesh>(std::move(loaded->mesh));
}

BiteResult check_bite(const intake::mesh::Mesh& upper, const intake::mesh::Mesh& lower) {
    auto report = intake::mesh::analyze_bite(upper, lower);
    if (!report) return {"fail", qs(report.error().to_string())};
    QString reason = qs(report->verdict);
    for (const auto& r : report->reasons) reason += "; " + qs(r);
    return {qs(std::string(verdict_name(report->status))), reason};
}

HeatmapResult progress_heatmap(const fs::path& previous_scan, const intake::mesh::Mesh& today) {
    auto before = intake::mesh::read_mesh(previous_scan);
    if (!before)
        return {"No previous scan to compare with: " + qs(before.error().to_string()), nullptr};
    auto report = intake::mesh::compare_scans(before->mesh, today);
    if (!report) return {qs(report.error().to_string()), nullptr};
    auto coloured = std::make_shared<intake::mesh::Mesh>(today);
    coloured->colors = intake::mesh::deviation_colors(report->deviation);
    return {QString("Since the last submission: mean %1 mm, 95% within %2 mm, max %3 mm (blue "
                    "inward, red outward).")
                .arg(report->mean_deviation_mm, 0, 'f', 2)
                .arg(report->p95_deviation_mm, 0, 'f', 2)
                .arg(report->max_deviation_mm, 0, 'f', 2),
            coloured};
}

}  // namespace intake::app
