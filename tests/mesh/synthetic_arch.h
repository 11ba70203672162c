// A deterministic arch-like scan surface with planted defects, for the tests and the
// benchmark. The surface is a horseshoe band with a half-elliptic cross-section (open along
// the bottom like a scan cut at the gingiva): one component, one long border loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh::test {

struct ArchSpec {
    uint32_t along = 200;      // grid vertices along the arch
    uint32_t across = 60;      // grid vertices across the cross-section
    uint32_t debris = 0;       // closed tetrahedra of 0.2-3 mm², floating below the surface
    uint32_t tiny_holes = 0;   // one quad removed each (filled by clean)
    uint32_t large_holes = 0;  // 8x8 quads removed each (voids)
    bool seam = false;         // duplicate one column of vertices (a scanner stitching seam)
    uint32_t degenerate = 0;   // half repeated-index, half zero-area
    uint32_t duplicates = 0;   // copies of existing faces, every other one reversed
    uint32_t flip_every = 0;   // reverse the winding of every n-th face (0: none)
    uint32_t flaps = 0;        // triangles hinged on an existing edge (non-manifold)
    double scale = 1.0;        // 0.001 writes the arch in metres
    uint64_t seed = 42;
};

struct PlantedDefects {
    size_t debris = 0, tiny_holes = 0, large_holes = 0, seam_vertices = 0;
    size_t degenerate = 0, duplicates = 0, flipped = 0, flaps = 0;
    std::vector<Vec3> large_hole_centres;  // millimetres
};

// The benchmark's 1.02 M-triangle arch (1000 x 510 grid, the measured anchor surface): the one
// bench/mesh times and the mesh tests that must hold at full size use.
inline constexpr ArchSpec kBenchmarkArch{.along = 1000,
                                         .across = 510,
                                         .debris = 200,
                                         .tiny_holes = 30,
                                         .seam = true,
                                         .degenerate = 2000,
                                         .duplicates = 1000,
                                         .flip_every = 500};

Mesh make_arch(const ArchSpec& spec, PlantedDefects* planted = nullptr);

}  // namespace intake::mesh::test
