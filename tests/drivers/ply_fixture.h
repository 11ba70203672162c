// Test fixture: the testdata arches are OBJ; the scan head delivers binary PLY. This turns one or
// more OBJ files (positions + triangles) into one binary little-endian PLY, so the tests serve
// real arches without depending on the mesh library. Several files = one mesh (a bite scan).
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

namespace intake::drivers::test {

std::vector<std::byte> obj_to_binary_ply(const std::vector<std::filesystem::path>& objs);

// testdata/scans/Ref_Upper_Mesh_Tag=0.obj etc.
std::filesystem::path testdata_scan(const char* name);

}  // namespace intake::drivers::test
