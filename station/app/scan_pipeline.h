// What happens to a scan between the head and the screen, all off the GUI thread: store the raw
// bytes in the case folder, read them (mesh/), clean and QA them (mesh/clean.h, mesh/check.h),
// colour the voids, and build the GPU buffers. Also the bite verdict and the progress heat map
// (mesh/analysis/).
#pragma once

#include <QString>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "mesh/mesh.h"
#include "mesh_geometry.h"

namespace intake::app {

struct ProcessedScan {
    QString error;  // the scan could not be used at all
    std::shared_ptr<const intake::mesh::Mesh> mesh;
    std::filesystem::path file;  // the stored scan
    MeshGeometry::Buffers buffers;
    QString verdict;  // QA verdict, empty when QA is not available
    QString reasons;
    std::vector<std::string> reason_list;
    std::filesystem::path raw_file;  // the scan as delivered, named by its real format
    int voids = 0;
};

ProcessedScan process_scan(const std::string& arch, const std::vector<std::byte>& bytes,
                           const std::filesystem::path& dir);

// Reads back a cleaned scan stored by process_scan (a resumed appointment's draft).
Result<std::shared_ptr<const intake::mesh::Mesh>> load_stored_scan(
    const std::filesystem::path& file);

struct BiteResult {
    QString verdict, reason;
};
BiteResult check_bite(const intake::mesh::Mesh& upper, const intake::mesh::Mesh& lower);

struct HeatmapResult {
    QString reason;                                      // summary or why there is none
    std::shared_ptr<const intake::mesh::Mesh> coloured;  // empty when not available
};
HeatmapResult progress_heatmap(const std::filesystem::path& previous_scan,
                               const intake::mesh::Mesh& today);

}  // namespace intake::app
