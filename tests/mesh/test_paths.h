// Paths shared by the mesh tests.
#pragma once

#include <filesystem>
#include <string>

namespace intake::mesh::test {

inline std::filesystem::path scan_path(const std::string& name) {
    return std::filesystem::path(INTAKE_TESTDATA_DIR) / "scans" / name;
}

inline const char* const kArches[] = {"Ref_Upper_Mesh_Tag=0.obj", "Ref_Lower_Mesh_Tag=0.obj",
                                      "Ref_Upper_Mesh_Tag=1.obj", "Ref_Lower_Mesh_Tag=1.obj"};

// A fresh empty folder under the system temp dir for one test.
inline std::filesystem::path fresh_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("intake_mesh_test_" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace intake::mesh::test
