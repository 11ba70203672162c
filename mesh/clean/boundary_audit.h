// An independent account of a mesh's open boundary after cleanup: every boundary loop must be
// the scan's border (longer than the border limit) or one of the reported voids; anything else
// is a hole the cleanup neither closed nor reported. Also counts edges two faces run in the same
// direction (a patch wound against the surface around it) and edges where the surface folds
// back on itself. Used by `mesh check` and the tests.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "mesh/clean/holes.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct BoundaryAudit {
    size_t loops = 0;
    size_t borders = 0;
    size_t voids = 0;        // loops that match a reported void (same vertices)
    size_t open_chains = 0;  // boundary runs that do not close
    size_t same_direction_edges = 0;
    size_t folded_edges = 0;  // the two faces point more than 90° apart (a patch turned over)
    size_t nonmanifold_edges = 0;
    std::vector<VoidReport> unaccounted;  // loops that are neither border nor a reported void
};

BoundaryAudit audit_boundary(const Mesh& mesh, std::span<const VoidReport> reported_voids,
                             double border_min_perimeter_mm);

}  // namespace intake::mesh
