// Generated surfaces full of small holes for the hole-closing property test: a wavy, noisy
// grid patch (10 × 10 mm, open border of 40 mm) with round and irregular holes of 0.2–3 mm
// perimeter, holes pinched at a vertex, one-cell-wide strips, flat T-junction slits (a face
// split at points on its edge while the face across keeps the whole edge), and holes that
// touch each other or the border. Deterministic for a given seed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mesh/mesh.h"

namespace intake::mesh::test {

struct HoleCase {
    Mesh mesh;
    size_t blobs = 0, pinches = 0, strips = 0, slits = 0;  // what was planted
};

HoleCase make_hole_case(uint64_t seed);

}  // namespace intake::mesh::test
