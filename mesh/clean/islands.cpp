#include "mesh/clean/islands.h"

#include <algorithm>

#include "mesh/clean/compact.h"
#include "mesh/components.h"

namespace intake::mesh {

IslandResult remove_islands(Mesh& mesh, const std::vector<uint32_t>& labels, uint32_t count,
                            double min_area_mm2) {
    IslandResult result;
    std::vector<double> areas = component_areas(mesh, labels, count);
    double largest = areas.empty() ? 0.0 : *std::max_element(areas.begin(), areas.end());
    std::vector<uint8_t> drop_component(count, 0);
    for (uint32_t c = 0; c < count; ++c) {
        if (areas[c] < min_area_mm2 && areas[c] < 0.01 * largest) {
            drop_component[c] = 1;
            ++result.islands;
        }
    }
    result.components_kept = count - result.islands;
    if (result.islands == 0) return result;
    result.dead.resize(mesh.triangles.size());
    for (size_t t = 0; t < result.dead.size(); ++t) result.dead[t] = drop_component[labels[t]];
    result.triangles = remove_triangles(mesh, result.dead);
    return result;
}

}  // namespace intake::mesh
