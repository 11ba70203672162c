// Test fixture: the real arches in testdata are OBJ files; devices deliver binary PLY and labs
// take binary STL. These helpers read the OBJ positions and triangles with a plain parser of
// their own, so a test of the drivers or the package never depends on the mesh library it is
// not testing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace intake::test {

struct ObjTriangles {
    std::vector<std::array<float, 3>> positions;
    std::vector<std::array<uint32_t, 3>> triangles;  // polygons fanned into triangles
};

// Several files make one mesh (a bite scan is upper + lower). Throws on an unreadable file:
// a missing fixture is a broken test, not an input under test.
ObjTriangles read_obj_triangles(const std::vector<std::filesystem::path>& objs);

std::vector<std::byte> to_binary_ply(const ObjTriangles& mesh);  // little endian
std::vector<std::byte> to_binary_stl(const ObjTriangles& mesh);  // zero normals

inline std::vector<std::byte> obj_to_binary_ply(const std::vector<std::filesystem::path>& objs) {
    return to_binary_ply(read_obj_triangles(objs));
}

// testdata/scans/<name>, e.g. "Ref_Upper_Mesh_Tag=0.obj".
std::filesystem::path testdata_scan(const char* name);

}  // namespace intake::test
