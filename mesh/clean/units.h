// Unit sanity from the bounding box. Scanners and CAD exports disagree on units; an arch is
// about 40-90 mm wide, so its largest extent says whether the numbers are mm, cm, inches or m.
#pragma once

#include <array>
#include <string_view>

#include "mesh/mesh.h"

namespace intake::mesh {

struct Bounds {
    Vec3 min, max;
    std::array<double, 3> size() const {
        return {double(max.x) - min.x, double(max.y) - min.y, double(max.z) - min.z};
    }
};

// Over all vertices: readers and the cleanup's compaction leave no unused ones behind, and a
// linear pass over positions is far cheaper than visiting every triangle corner.
Bounds mesh_bounds(const Mesh& mesh);

struct UnitGuess {
    std::string_view units = "unknown";       // "mm", "cm", "in", "m" or "unknown"
    double scale_to_mm = 1.0;                 // multiply coordinates by this to get millimetres
    double width = 0, depth = 0, height = 0;  // sorted extents in the file's own units
};

UnitGuess guess_units(const Mesh& mesh);

void scale_mesh(Mesh& mesh, double factor);

}  // namespace intake::mesh
