// Bite check: the upper and lower arches as exported in occlusion.
//
// Every vertex of each arch gets its signed distance to the opposing arch's surface (negative
// inside the opposing teeth: penetration). A vertex within `contact_mm` (0.1 mm, penetration
// included) is a contact. Contacts are counted per segment (arch_frame.h: anterior, left
// posterior, right posterior; each arch's own frame, its superior axis pointing from the lower
// arch's centroid to the upper's). Verdict:
//   fail  — a posterior side has no contact: "bite not registered: no contact on the ... segment"
//   warn  — "bite registered on both sides" but no anterior contact, or penetration deeper than
//           `penetration_mm` (0.3 mm: the scans overlap, the lab will see a bite that is too deep)
//   pass  — "bite registered on both sides".
#pragma once

#include <array>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/verdict.h"
#include "mesh/analysis/arch_frame.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct BiteOptions {
    double contact_mm = 0.1;
    double penetration_mm = 0.3;
    double search_mm = 2.0;  // first, bounded search radius (speed only: values are exact)
};

struct SegmentContact {
    std::string name;  // "anterior", "left_posterior", "right_posterior"
    bool contact = false;
    size_t contact_vertices = 0;  // both arches
    double min_distance_mm = 0;   // closest approach in the segment (negative: penetration)
};

struct BiteReport {
    std::vector<float> upper_distance;  // per upper vertex, signed distance to the lower arch
    std::vector<float> lower_distance;  // per lower vertex, signed distance to the upper arch
    std::array<SegmentContact, kBiteSegmentCount> segments;
    double min_distance_mm = 0;       // closest approach over both arches
    double max_penetration_mm = 0;    // depth of the deepest penetration (0 when none)
    size_t penetration_vertices = 0;  // vertices deeper than penetration_mm
    bool penetration_flagged = false;
    Verdict status = Verdict::pass;
    std::string verdict;  // "bite registered on both sides" or what is missing
    std::vector<std::string> reasons;
};

// Fails (Errc::bad_input) when either mesh has no triangles.
Result<BiteReport> analyze_bite(const Mesh& upper, const Mesh& lower,
                                const BiteOptions& options = {});

// Occlusion map for the app, one colour per signed distance: dark red penetration beyond the
// flag depth, orange shallower penetration, green contact, blue near (≤ 0.5 mm), light blue
// ≤ 1 mm, grey beyond.
std::vector<Rgb8> bite_colors(const std::vector<float>& signed_distance,
                              const BiteOptions& options = {});

}  // namespace intake::mesh
