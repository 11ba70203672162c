// Where the simulated devices find their bundled data: the demo/ folder of the station's data
// dir (base/data_dir.h: $INTAKE_DATA_DIR, else <prefix>/share/intake-station). The arches are OBJ:
// callers convert them to PLY with intake::mesh before handing them to SimScanHead (drivers/ does
// not depend on mesh/).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "base/result.h"

namespace intake::drivers {

std::filesystem::path bundled_data_dir();

struct BundledArches {
    std::filesystem::path upper;  // scans/Ref_Upper_Mesh_Tag=0.obj
    std::filesystem::path lower;  // scans/Ref_Lower_Mesh_Tag=0.obj
};
// Errc::not_found names the data folder and the missing file.
Result<BundledArches> bundled_arches();
// photos/*.png|jpg in name order; Errc::not_found when there are none.
Result<std::vector<std::filesystem::path>> bundled_photos();

// Turns scan files into the binary PLY of their union (one mesh). The caller supplies it with
// intake::mesh (read_mesh + encode_mesh(ply_binary_le)); drivers/ does not link mesh/.
using PlyConverter =
    std::function<Result<std::vector<std::byte>>(const std::vector<std::filesystem::path>&)>;

class SimScanHead;
// The demo's scan head: upper, lower, and bite (= bite-front, both arches as one PLY) from the
// bundled arches, converted once with `to_ply`.
Result<std::shared_ptr<SimScanHead>> make_bundled_sim_head(const PlyConverter& to_ply);

}  // namespace intake::drivers
