// Progress: what moved between the previous submission's scan (before) and today's (after).
//
// The after scan is registered onto the before scan (registration.h), then every after vertex
// gets its signed distance to the before surface (positive: outside, i.e. the surface moved
// outward). Regions (arch_frame.h) summarise |deviation|; where both scans have separate tooth
// shells, each after tooth is matched to the before tooth with the nearest area-weighted
// centroid (after registration) and its displacement is the difference of those centroids.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "mesh/analysis/arch_frame.h"
#include "mesh/analysis/registration.h"
#include "mesh/mesh.h"

namespace intake::mesh {

struct RegionSummary {
    std::string name;    // "anterior", "left_premolar", ...
    double mean_mm = 0;  // mean |deviation| of the region's after vertices
    double max_mm = 0;   // max |deviation|
    size_t vertices = 0;
};

struct ComponentMotion {
    uint32_t component = 0;         // after-scan component (label_components order)
    uint32_t before_component = 0;  // matched before-scan component
    std::string region;             // region of the tooth
    Vec3d centroid;                 // before-scan centroid of the tooth (mm)
    Vec3d displacement;             // after centroid (registered) minus before centroid
    double displacement_mm = 0;
    Vec3d direction;              // unit vector of displacement (zero when it has none)
    double max_deviation_mm = 0;  // max |deviation| over the tooth's vertices (catches tipping)
};

struct CompareOptions {
    RegistrationOptions registration;
    double match_radius_mm = 4.0;  // centroids farther apart than this are not the same tooth
};

struct CompareReport {
    Registration registration;           // after -> before
    std::vector<float> deviation;        // signed, per after vertex, mm, in the before frame
    double max_deviation_mm = 0;         // max |deviation|
    double mean_deviation_mm = 0;        // mean |deviation|
    double p95_deviation_mm = 0;         // 95th percentile of |deviation|
    std::vector<RegionSummary> regions;  // the five regions, always in the same order
    std::vector<ComponentMotion> per_component;  // empty when the scans are not tooth shells
    uint32_t before_components = 0, after_components = 0;
    // Wall time of each stage (ms), for the benchmark and the CLI's --json.
    double index_ms = 0, registration_ms = 0, deviation_ms = 0, summary_ms = 0;
};

// Fails (Errc::bad_input) when either mesh has no triangles.
Result<CompareReport> compare_scans(const Mesh& before, const Mesh& after,
                                    const CompareOptions& options = {});

// Heat map for the app: blue (moved inward) – white (0) – red (moved outward), saturating at
// ±range_mm; one colour per deviation value.
std::vector<Rgb8> deviation_colors(const std::vector<float>& deviation, float range_mm = 0.5f);

}  // namespace intake::mesh
