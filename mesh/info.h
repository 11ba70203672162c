// A quick description of a mesh as it is (no cleanup): counts, components, boundary loops and
// the bounding box. Backs `intake mesh info`.
#pragma once

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>

#include "mesh/mesh.h"

namespace intake::mesh {

struct MeshInfo {
    size_t vertices = 0, triangles = 0;
    size_t components = 0;
    size_t boundary_loops = 0;
    size_t boundary_edges = 0, nonmanifold_edges = 0;
    std::array<double, 3> bbox_min{}, bbox_max{};

    nlohmann::json to_json() const;  // without "format"; the caller adds it
};

MeshInfo describe_mesh(const Mesh& mesh);

}  // namespace intake::mesh
