// Closing one small boundary loop so that the patch is wound like the surface around it and a
// second cleanup has nothing left to remove: the least-area triangulation of the loop laid on
// its best-fit plane (patch_triangulation.h), a fan
// around the loop's centre when the projection is not a simple polygon, and for a flat slit
// (both sides on one line, typically left by a removed zero-area face) a zip that splits the
// faces on one side at the other side's vertices. A loop none of these closes well stays open
// and the caller reports it as a void.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "mesh/mesh.h"

namespace intake::mesh {

// The edges a fill must know about: which undirected edges already exist among the loop
// vertices (a fill reusing one would make it non-manifold) and which triangle runs each
// directed edge between loop vertices (the zip splits those triangles).
class FillContext {
  public:
    // One pass over the triangles, looking only at edges between vertices of `loops`.
    FillContext(const Mesh& mesh, std::span<const std::vector<uint32_t>> loops);

    bool has_edge(uint32_t a, uint32_t b) const;
    void add_edge(uint32_t a, uint32_t b);
    // Triangle running a -> b, or UINT32_MAX.
    uint32_t triangle_of(uint32_t a, uint32_t b) const;
    void set_triangle(uint32_t a, uint32_t b, uint32_t t);

  private:
    std::unordered_set<uint64_t> edges_;
    std::unordered_map<uint64_t, uint32_t> directed_;
};

struct FillOutcome {
    bool closed = false;
    size_t triangles_added = 0;  // net: a zip replaces some triangles and appends others
    const char* method = "";     // "patch", "fan", "zip" or empty when the loop stays open
};

// `loop` lists the vertices in the direction of its boundary edges (as the faces run them).
// On success the new triangles run every boundary edge the other way; on failure `mesh` and
// `context` are unchanged.
FillOutcome fill_hole(Mesh& mesh, const std::vector<uint32_t>& loop, FillContext& context);

}  // namespace intake::mesh
