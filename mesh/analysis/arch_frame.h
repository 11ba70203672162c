// ArchFrame: an anatomical frame for a dental arch found from its shape alone.
//
// The axes are the principal axes of the surface (area-weighted, so tessellation does not
// matter): the largest spread is left-right, the middle one front-back, the smallest the
// occlusal (vertical) axis. Signs: the occlusal axis points to the `superior` hint (the
// caller knows it: the export convention is +Y toward the head, and in a bite the upper arch is
// above the lower); the front is the end of the front-back axis whose slice of the arch is
// narrower (the incisors' curve, not the two molar rows); left = superior × anterior, the
// patient's left.
//
// Regions. When the arch's teeth are separate shells (8–20 components), each tooth is ranked
// on its side (sign of the left coordinate) by its depth along the arch: ranks 1–3 (incisors,
// canine) are anterior, 4–5 premolars, 6 and beyond molars. Shells smaller than a quarter of
// the median tooth area (fragments) and meshes without tooth shells use the depth fraction t
// (0 at the most anterior point, 1 at the most posterior): anterior t < 0.25, premolar < 0.5.
// Fixed depth thresholds alone fail: the testdata canines sit at t = 0.12–0.25 and the first
// premolars at 0.23–0.38, so no single cut separates them on both arches; the rank does.
// Bite segments follow the regions: anterior, left posterior (left premolars and molars),
// right posterior.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "mesh/analysis/rigid.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct ArchFrame {
    Vec3d origin;                    // area-weighted centroid of the surface
    Vec3d left{1, 0, 0};             // patient's left
    Vec3d anterior{0, 0, 1};         // toward the lips
    Vec3d superior{0, 1, 0};         // toward the head
    double front = 1;                // anterior coordinate of the most anterior point
    double back = -1;                // anterior coordinate of the most posterior point
    std::array<double, 3> spread{};  // standard deviations along left, anterior, superior (mm)
};

ArchFrame arch_frame(const Mesh& mesh, const Vec3d& superior_hint = {0, 1, 0});

// 0 at the front of the arch, 1 at the back (values outside [0,1] for points off the arch).
double depth_fraction(const ArchFrame& frame, const Vec3d& p);
double left_coordinate(const ArchFrame& frame, const Vec3d& p);

enum class BiteSegment { anterior, left_posterior, right_posterior };
enum class ArchRegion { anterior, left_premolar, right_premolar, left_molar, right_molar };
inline constexpr int kBiteSegmentCount = 3;
inline constexpr int kArchRegionCount = 5;

// By position alone (the depth-fraction rule).
ArchRegion region_of(const ArchFrame& frame, const Vec3d& p);
BiteSegment segment_of(ArchRegion region);

// One region per vertex of `mesh` (positions already in the frame's space). `labels` and
// `count` are the connected components, one label per triangle as label_components
// (mesh/components.h) returns them; empty labels: position rule only.
std::vector<ArchRegion> vertex_regions(const Mesh& mesh, const ArchFrame& frame,
                                       const std::vector<uint32_t>& labels, uint32_t count);
std::string_view segment_name(BiteSegment segment);  // "anterior", "left_posterior", ...
std::string_view region_name(ArchRegion region);     // "anterior", "left_premolar", ...

// Area-weighted centroid and surface area of the triangles labelled `label` in the per-triangle
// `labels` (all triangles when labels is empty). Tessellation-independent.
Vec3d surface_centroid(const Mesh& mesh, const std::vector<uint32_t>& labels = {},
                       uint32_t label = 0, double* area = nullptr);

// Area-weighted centroid (and area) of every component in one pass over the triangles.
std::vector<Vec3d> component_centroids(const Mesh& mesh, const std::vector<uint32_t>& labels,
                                       uint32_t count, std::vector<double>* areas = nullptr);

// Per-vertex component label from per-triangle labels (a vertex takes the label of a triangle
// using it; unused vertices get UINT32_MAX).
std::vector<uint32_t> vertex_labels(const Mesh& mesh, const std::vector<uint32_t>& triangle_labels);

}  // namespace intake::mesh
