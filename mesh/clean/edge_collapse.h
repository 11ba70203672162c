// The surface while it is decimated by half-edge collapses (a vertex merged into a neighbour;
// no vertex moves). Triangles die in place and keep their numbers; each vertex's fan grows as
// neighbours merge into it. `can_collapse` is the test that keeps what a lab receives a
// manifold, consistently wound surface without folds: the link condition (the two vertices
// share exactly the two neighbours opposite their edge, so no edge gains a third face and no
// face is duplicated) and a fold check (every reshaped face keeps its side and meets each
// neighbour at less than a right angle, judged as the boundary audit judges a folded edge).
#pragma once

#include <cstdint>
#include <vector>

#include "mesh/clean/decimate.h"
#include "mesh/mesh.h"

namespace intake::mesh {

class CollapseSurface {
  public:
    // Locks every vertex on a border, non-manifold or same-direction edge: those never move,
    // so the scan's outline and void rims stay exactly where they were.
    explicit CollapseSurface(Mesh& mesh);

    bool locked(uint32_t v) const { return locked_[v] != 0; }
    // What the surface had before any collapse (decimation must not add to it).
    SurfaceFaults input_faults() const { return input_faults_; }
    size_t live_triangles() const { return live_; }

    // Whether merging `from` into its neighbour `to` keeps the surface manifold and unfolded.
    bool can_collapse(uint32_t from, uint32_t to);
    // Merges `from` into `to` (call only after can_collapse): the two faces on their edge die.
    void collapse(uint32_t from, uint32_t to);

    // Calls fn(next, prev) for each face around v with its corners after and before v. Around a
    // vertex that is not locked each neighbour is `next` exactly once.
    template <typename Fn>
    void for_each_wedge(uint32_t v, Fn&& fn) const {
        for (const uint32_t* f = fan_begin(v); f != fan_end(v); ++f) {
            if (dead_[*f]) continue;
            const Triangle& t = mesh_.triangles[*f];
            int i = t[0] == v ? 0 : t[1] == v ? 1 : 2;
            fn(t[(i + 1) % 3], t[(i + 2) % 3]);
        }
    }

    // Writes the surviving triangles, in their original order, back to the mesh.
    void write_back();

  private:
    struct Fan {
        uint32_t begin = 0, size = 0, capacity = 0;
    };
    const uint32_t* fan_begin(uint32_t v) const { return pool_.data() + fans_[v].begin; }
    const uint32_t* fan_end(uint32_t v) const { return fan_begin(v) + fans_[v].size; }
    void drop_dead(uint32_t v);
    void append(uint32_t v, uint32_t triangle);
    void lock_open_edges(const std::vector<uint32_t>& opposites);
    bool shares_other_neighbours(uint32_t from, uint32_t to, uint32_t a, uint32_t b) const;
    bool reshaped_face_ok(uint32_t t, uint32_t from, uint32_t to) const;
    bool neighbour_across_ok(uint32_t t, const Triangle& m, int k, uint32_t from, uint32_t to,
                             const double normal[3]) const;
    void normal_after(uint32_t t, uint32_t from, uint32_t to, double n[3]) const;

    Mesh& mesh_;
    std::vector<uint8_t> locked_;
    std::vector<uint8_t> dead_;
    std::vector<Fan> fans_;
    std::vector<uint32_t> pool_;  // every fan's triangles; a fan that outgrows its slot moves
    size_t live_ = 0;
    SurfaceFaults input_faults_;
    uint32_t edge_faces_[2] = {0, 0};   // the two faces on the edge being tested
    uint32_t edge_apexes_[2] = {0, 0};  // and their corners opposite it
};

}  // namespace intake::mesh
