#include "drivers/sim_devices.h"

#include <algorithm>
#include <cstdlib>

namespace intake::drivers {

std::filesystem::path bundled_data_dir() {
    if (const char* env = std::getenv("INTAKE_DATA_DIR"); env != nullptr && *env != '\0')
        return env;
    return INTAKE_TESTDATA_DIR;
}

Result<BundledArches> bundled_arches() {
    const auto dir = bundled_data_dir();
    BundledArches arches{dir / "scans" / "Ref_Upper_Mesh_Tag=0.obj",
                         dir / "scans" / "Ref_Lower_Mesh_Tag=0.obj"};
    for (const auto& p : {arches.upper, arches.lower}) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(p, ec)) {
            return fail(Errc::not_found,
                        "simulated scan head: missing " + p.string() +
                            " (set INTAKE_DATA_DIR to the folder holding scans/ and photos/)");
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
        return fail(Errc::not_found, "simulated camera: no photos in " + dir.string() +
                                         " (set INTAKE_DATA_DIR to the folder holding photos/)");
    }
    return photos;
}

}  // namespace intake::drivers
