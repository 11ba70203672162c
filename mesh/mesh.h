// Mesh: the scan value type every module speaks. Plain data in the meshoptimizer spirit:
// float32 positions in millimetres, uint32 triangles, optional per-vertex normals and colours.
// No VTK here: VTK is only the tests' and benchmarks' oracle (mesh/oracle).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace intake::mesh {

struct Vec3 {
    float x = 0, y = 0, z = 0;
};

using Triangle = std::array<uint32_t, 3>;
using Rgb8 = std::array<uint8_t, 3>;

struct Mesh {
    std::vector<Vec3> positions;  // millimetres
    std::vector<Triangle> triangles;
    std::vector<Vec3> normals;  // empty, or one per position
    std::vector<Rgb8> colors;   // empty, or one per position

    size_t vertex_count() const { return positions.size(); }
    size_t triangle_count() const { return triangles.size(); }
    bool empty() const { return triangles.empty(); }
    bool has_normals() const { return !normals.empty() && normals.size() == positions.size(); }
    bool has_colors() const { return !colors.empty() && colors.size() == positions.size(); }
};

}  // namespace intake::mesh
