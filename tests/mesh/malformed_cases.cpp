#include "malformed_cases.h"

#include <cstdint>
#include <cstring>
#include <limits>

namespace intake::mesh::test {
namespace {

std::string binary_stl(uint32_t declared, uint32_t actual, float poison = 0.0f) {
    std::string s(80, ' ');
    s.append(reinterpret_cast<const char*>(&declared), 4);
    for (uint32_t t = 0; t < actual; ++t) {
        float rec[12] = {0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0};
        if (t == actual - 1) rec[4] = poison;
        s.append(reinterpret_cast<const char*>(rec), 48);
        s.append(2, '\0');
    }
    return s;
}

const std::string kPlyHead =
    "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
    "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n";

std::string ply_binary(uint32_t faces_declared, bool truncate) {
    std::string s =
        "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\n"
        "property float y\nproperty float z\nelement face " +
        std::to_string(faces_declared) + "\nproperty list uchar uint vertex_indices\nend_header\n";
    float v[9] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    s.append(reinterpret_cast<const char*>(v), sizeof v);
    s.push_back('\x03');
    uint32_t idx[3] = {0, 1, 2};
    s.append(reinterpret_cast<const char*>(idx), truncate ? 6 : 12);
    return s;
}

const std::string kFacet =
    " facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n   vertex 0 1 0\n"
    "  endloop\n endfacet\n";

}  // namespace

std::vector<MalformedCase> malformed_cases() {
    float nan = std::numeric_limits<float>::quiet_NaN();
    float inf = std::numeric_limits<float>::infinity();
    return {
        {"empty.stl", "", "empty"},
        {"text.stl", "hello, this is a note about a patient, not a mesh\n", "not a mesh"},
        {"short.stl", std::string("\x01\x02\x03\x00\xff", 5), "not a mesh"},
        {"truncated_bin.stl", binary_stl(10, 9), "truncated"},
        {"trailing_bin.stl", binary_stl(1, 1) + std::string(20, 'x'), "after the"},
        {"zero_bin.stl", binary_stl(0, 0) + std::string(30, '\x01'), "at byte"},
        {"nan_bin.stl", binary_stl(2, 2, nan), "non-finite"},
        {"inf_bin.stl", binary_stl(2, 2, inf), "non-finite"},
        {"huge_count.stl", binary_stl(0xFFFFFFF0u, 1), "at byte"},
        {"ascii_no_end.stl", "solid x\n" + kFacet, "endsolid"},
        {"ascii_bad_number.stl", "solid x\n facet normal 0 0 1\n outer loop\n vertex 0 zero 0\n",
         "expected a number"},
        {"ascii_nan.stl",
         "solid x\n facet normal 0 0 1\n outer loop\n vertex 0 nan 0\n vertex 1 0 0\n"
         " vertex 0 1 0\n endloop\n endfacet\nendsolid\n",
         "non-finite"},
        {"ascii_two_vertices.stl",
         "solid x\n facet normal 0 0 1\n outer loop\n vertex 0 0 0\n vertex 1 0 0\n endloop\n",
         "expected 'vertex'"},
        {"ascii_empty_solid.stl", "solid x\nendsolid x\n", "no triangles"},
        {"ascii_garbage.stl", "solid x\n" + kFacet + "banana\nendsolid\n", "line 9"},
        {"ply_no_end_header.ply", "ply\nformat ascii 1.0\nelement vertex 3\n", "end_header"},
        {"ply_bad_format.ply", "ply\nformat ebcdic 1.0\nend_header\n", "unknown PLY format"},
        {"ply_no_format.ply", "ply\nelement vertex 0\nend_header\n", "format"},
        {"ply_bad_type.ply",
         "ply\nformat ascii 1.0\nelement vertex 1\nproperty quad x\nend_header\n", "type"},
        {"ply_no_xyz.ply",
         "ply\nformat ascii 1.0\nelement vertex 1\nproperty float u\nend_header\n1\n",
         "x, y and z"},
        {"ply_count_mismatch.ply", kPlyHead + "0 0 0\n1 0 0\n", "line"},
        {"ply_index_range.ply", kPlyHead + "0 0 0\n1 0 0\n0 1 0\n3 0 1 7\n", "out of range"},
        {"ply_negative_index.ply", kPlyHead + "0 0 0\n1 0 0\n0 1 0\n3 0 -1 2\n", "out of range"},
        {"ply_nan.ply", kPlyHead + "0 0 0\n1 nan 0\n0 1 0\n3 0 1 2\n", "non-finite"},
        {"ply_two_corner_face.ply", kPlyHead + "0 0 0\n1 0 0\n0 1 0\n2 0 1\n", "corners"},
        {"ply_extra_data.ply", kPlyHead + "0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n9 9 9\n",
         "after the last"},
        {"ply_bin_truncated.ply", ply_binary(1, true), "truncated"},
        {"ply_bin_hostile_count.ply", ply_binary(4000000000u, false), "at byte"},
        {"ply_no_faces.ply",
         "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\n"
         "property float z\nend_header\n0 0 0\n",
         "no triangles"},
        {"obj_index_range.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n", "out of range"},
        {"obj_zero_index.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n", "malformed face"},
        {"obj_negative_range.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf -1 -2 -4\n", "out of range"},
        {"obj_short_vertex.obj", "v 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", "needs x y z"},
        {"obj_bad_number.obj", "v 0 0 0\nv 1 0 zero\nv 0 1 0\nf 1 2 3\n", "line 2"},
        {"obj_inf.obj", "v 0 0 0\nv 1 0 inf\nv 0 1 0\nf 1 2 3\n", "non-finite"},
        {"obj_two_corner_face.obj", "v 0 0 0\nv 1 0 0\nf 1 2\n", "fewer than 3"},
        {"obj_only_vertices.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\n", "no triangles"},
        {"obj_bad_corner.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 x/3\n", "malformed face"},
        {"json_as_mesh.obj", "{\"patient\": \"x\", \"teeth\": 14}\n", "not a mesh"},
        {"binary_noise.ply", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, '\x01'),
         "not a mesh"},
    };
}

}  // namespace intake::mesh::test
