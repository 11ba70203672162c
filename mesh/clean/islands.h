// Debris islands: components smaller than `min_area_mm2` AND smaller than 1% of the largest
// component. Both conditions protect teeth in teeth-only arches (14 shells of 100-350 mm²).
#pragma once

#include <cstddef>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh {

struct IslandResult {
    size_t islands = 0;    // components removed
    size_t triangles = 0;  // their triangles
    size_t components_kept = 0;
    std::vector<uint8_t> dead;  // per input triangle; empty when nothing was removed
};

// `labels`/`count` from label_components on `mesh` as it is.
IslandResult remove_islands(Mesh& mesh, const std::vector<uint32_t>& labels, uint32_t count,
                            double min_area_mm2);

}  // namespace intake::mesh
