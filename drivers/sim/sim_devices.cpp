#include "drivers/sim/sim_devices.h"

#include <algorithm>

#include "base/data_dir.h"
#include "drivers/sim/sim_scan_head.h"

namespace intake::drivers {

std::filesystem::path bundled_data_dir() { return data_dir() / "demo"; }

Result<BundledArches> bundled_arches() {
    const auto dir = bundled_data_dir();
    BundledArches arches{dir / "scans" / "Ref_Upper_Mesh_Tag=0.obj",
                         dir / "scans" / "Ref_Lower_Mesh_Tag=0.obj"};
    for (const auto& p : {arches.upper, arches.lower}) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(p, ec)) {
            return fail(
                Errc::not_found,
                "simulated scan head: missing " + p.string() +
                    " (the demo recordings belong in <data dir>/demo; see INTAKE_DATA_DIR)");
        }
    }
    return arches;
}

Result<std::vector<std::filesystem::path>> bundled_photos() {
    const auto dir = bundled_data_dir() / "photos";
    std::vector<std::filesystem::path> photos;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file(ec) && (ext == ".png" || ext == ".jpg" || ext == ".jpeg")) {
            photos.push_back(entry.path());
        }
    }
    std::sort(photos.begin(), photos.end());
    if (photos.empty()) {
        return fail(Errc::not_found,
                    "simulated camera: no photos in " + dir.string() +
                        " (the demo recordings belong in <data dir>/demo; see INTAKE_DATA_DIR)");
    }
    return photos;
}

Result<std::shared_ptr<SimScanHead>> make_bundled_sim_head(const PlyConverter& to_ply) {
    auto files = bundled_arches();
    if (!files) return fail(files.error());
    const std::pair<Arch, std::vector<std::filesystem::path>> arches[] = {
        {Arch::upper, {files->upper}},
        {Arch::lower, {files->lower}},
        {Arch::bite_front, {files->upper, files->lower}},
    };
    SimScanHead::Results results;
    for (const auto& [arch, paths] : arches) {
        auto ply = to_ply(paths);
        if (!ply) return fail(ply.error());
        results[arch] = std::make_shared<const std::vector<std::byte>>(std::move(ply.value()));
    }
    return std::make_shared<SimScanHead>(std::move(results));
}

}  // namespace intake::drivers
