// A procedural dental arch: a U-shaped band of 14 crowns. It stands in for a scan on the mock
// backend and the demo, and gives the render-time measurement a mesh of an exact size.
#pragma once

#include <cstddef>

#include "mesh/mesh.h"

namespace intake::app {

// About `triangles` triangles (rounded to the grid). With `voids`, two patches are cut out and
// their rims coloured the way the QA screen highlights voids.
intake::mesh::Mesh demo_arch(size_t triangles, bool voids);

// The colour the app paints void rims with (also used for real scans' void vertices).
inline constexpr intake::mesh::Rgb8 kVoidColor = {230, 40, 90};

}  // namespace intake::app
