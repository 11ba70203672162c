// SurfaceIndex: exact closest point on a triangle mesh, with a sign. A bounding-volume hierarchy
// (median split, four triangles per leaf) over the triangles, collapsed to four children a node
// whose boxes are stored side by side so one SIMD pass measures all four; queries visit the
// nearest child first and prune boxes farther than the best hit so far, so a query near the
// surface touches a few dozen triangles whatever the mesh size.
//
// The sign follows the surface's outward normals: the face normal when the closest point lies
// inside a triangle, otherwise the barycentric blend of angle-weighted vertex normals (the
// pseudo-normal idea of Bærentzen & Aanæs), so points just outside a sharp cusp are not reported
// as inside. Negative means inside a closed shell (penetration in a bite).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "mesh/analysis/rigid.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct SurfaceHit {
    bool found = false;   // false when nothing lies within the query radius
    Vec3d point;          // closest point on the surface
    Vec3d normal;         // unit normal used for the sign (face or blended vertex normal)
    double distance = 0;  // unsigned, millimetres
    double signed_distance = 0;
    uint32_t triangle = 0;  // index into mesh.triangles
};

class SurfaceIndex {
  public:
    explicit SurfaceIndex(const Mesh& mesh);

    SurfaceHit closest(const Vec3d& p,
                       double max_distance = std::numeric_limits<double>::infinity()) const;

    // Exact distance from p to mesh triangle t: an upper bound that lets a repeated query (ICP
    // pairs a point with nearly the same triangle every iteration) prune almost everything.
    double triangle_distance(uint32_t t, const Vec3d& p) const;

    size_t triangle_count() const { return tri_ids_.size(); }
    // Unit outward face normal of mesh triangle t (zero for a degenerate triangle).
    const Vec3& face_normal(uint32_t t) const { return face_normals_[t]; }
    // Angle-weighted unit vertex normal.
    const Vec3& vertex_normal(uint32_t v) const { return vertex_normals_[v]; }

  private:
    // Depth-first layout: an inner node's left child follows it, `first` holds the right child.
    // A subtree over n triangles always takes subtree_size(n) nodes, so the two halves of the
    // root are built on two threads into their own slices of the array.
    struct Node {
        float lo[3];
        uint32_t first;  // first triangle (leaf) or right child index (inner)
        float hi[3];
        uint32_t count;  // triangles in a leaf; 0 for an inner node
    };
    // The query tree: up to four children a node, boxes as [axis][child] so they load as one
    // four-float vector per bound. An empty slot has an inverted (infinitely far) box.
    struct alignas(64) Wide {
        float lo[3][4];
        float hi[3][4];
        uint32_t child[4];  // inner: Wide index; leaf: first triangle (BVH order)
        uint32_t count[4];  // triangles in a leaf slot, 0 for an inner child
    };
    struct Item {  // a triangle's centroid next to its id: partitioning touches one array
        float c[3];
        uint32_t id;
    };
    void build(uint32_t node, uint32_t begin, uint32_t end, std::vector<Item>& items);
    static void split(uint32_t begin, uint32_t mid, uint32_t end, std::vector<Item>& items);
    void fit_bounds(uint32_t node);
    uint32_t collapse(uint32_t node);
    void search_leaf(uint32_t first, uint32_t count, const float q[3], float& best_d2,
                     SurfaceHit& hit, float bary[3]) const;

    std::vector<Node> nodes_;  // the binary tree, only while building
    std::vector<Wide> wide_;
    std::vector<std::array<float, 9>> tri_pos_;  // corners in BVH order
    // Bounding sphere of each triangle in BVH order (centre, radius): a leaf skips the exact
    // test for a triangle whose sphere lies beyond the best distance so far.
    std::vector<std::array<float, 4>> tri_sphere_;
    std::vector<uint32_t> tri_ids_;        // BVH order -> mesh triangle
    std::vector<uint32_t> slots_;          // mesh triangle -> BVH order
    std::vector<Vec3> bvh_normals_;        // face normals in BVH order
    std::vector<Triangle> bvh_triangles_;  // vertex indices in BVH order
    std::vector<Vec3> face_normals_;       // mesh order
    std::vector<Vec3> vertex_normals_;
};

// Angle-weighted vertex normals (outward for a consistently wound closed shell).
std::vector<Vec3> angle_weighted_normals(const Mesh& mesh);

}  // namespace intake::mesh
