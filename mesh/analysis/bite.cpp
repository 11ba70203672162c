#include "mesh/analysis/bite.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "mesh/analysis/parallel.h"
#include "mesh/analysis/spatial_order.h"
#include "mesh/analysis/surface_index.h"
#include "mesh/components.h"

namespace intake::mesh {
namespace {

// Most vertices are near the opposing arch, so a bounded search answers them cheaply; the rest
// (far away, or deep inside the opposing teeth, where the sign matters most) get an unbounded
// query, so every value is exact. Vertices go in spatial order (spatial_order.h): neighbours
// share their BVH path, which stays in cache.
std::vector<float> distances_to(const Mesh& from, const SurfaceIndex& to, double search_mm) {
    std::vector<float> out(from.positions.size());
    const std::vector<uint32_t> order = spatial_order(from.positions);
    parallel_for(out.size(), [&](size_t begin, size_t end) {
        for (size_t j = begin; j < end; ++j) {
            const uint32_t i = order[j];
            const Vec3d p = to_d(from.positions[i]);
            SurfaceHit hit = to.closest(p, search_mm);
            if (!hit.found) hit = to.closest(p);
            out[i] = static_cast<float>(hit.signed_distance);
        }
    });
    return out;
}

std::vector<ArchRegion> regions_of(const Mesh& arch, const Vec3d& superior) {
    uint32_t count = 0;
    const auto labels = label_components(arch, &count);
    return vertex_regions(arch, arch_frame(arch, superior), labels, count);
}

void accumulate(const std::vector<float>& dist, const std::vector<ArchRegion>& regions,
                const BiteOptions& o, BiteReport& r) {
    for (size_t i = 0; i < dist.size(); ++i) {
        const double d = dist[i];
        SegmentContact& s = r.segments[static_cast<int>(segment_of(regions[i]))];
        s.min_distance_mm = std::min(s.min_distance_mm, d);
        if (d <= o.contact_mm) s.contact = true, ++s.contact_vertices;
        if (-d > o.penetration_mm) ++r.penetration_vertices;
        r.min_distance_mm = std::min(r.min_distance_mm, d);
    }
}

std::string mm(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f mm", v);
    return buf;
}

std::string readable(const std::string& segment) {
    std::string s = segment;
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

void decide(const BiteOptions& o, BiteReport& r) {
    std::vector<std::string> missing;
    for (const auto& s : r.segments) {
        if (!s.contact) {
            r.reasons.push_back("no contact on the " + readable(s.name) + " segment (closest " +
                                mm(s.min_distance_mm) + ")");
            if (s.name != "anterior") missing.push_back(readable(s.name));
        }
    }
    if (r.penetration_flagged) {
        r.reasons.push_back("penetration of " + mm(r.max_penetration_mm) + " (deeper than " +
                            mm(o.penetration_mm) + " at " + std::to_string(r.penetration_vertices) +
                            " vertices): the scans overlap");
    }
    if (missing.empty()) {
        r.verdict = "bite registered on both sides";
        r.status = r.reasons.empty() ? Verdict::pass : Verdict::warn;
        return;
    }
    r.status = Verdict::fail;
    r.verdict = "bite not registered: no contact on the " + missing[0] +
                (missing.size() > 1 ? " or the " + missing[1] : std::string()) + " segment";
}

}  // namespace

Result<BiteReport> analyze_bite(const Mesh& upper, const Mesh& lower, const BiteOptions& options) {
    if (upper.empty()) return fail(Errc::bad_input, "the upper arch has no triangles");
    if (lower.empty()) return fail(Errc::bad_input, "the lower arch has no triangles");
    BiteReport r;
    const SurfaceIndex upper_index(upper), lower_index(lower);
    r.upper_distance = distances_to(upper, lower_index, options.search_mm);
    r.lower_distance = distances_to(lower, upper_index, options.search_mm);
    // Superior: from the lower arch toward the upper; the export's +Y when they coincide.
    Vec3d superior = surface_centroid(upper) - surface_centroid(lower);
    if (norm(superior) < 1e-6) superior = {0, 1, 0};
    r.min_distance_mm = std::numeric_limits<double>::infinity();
    for (int i = 0; i < kBiteSegmentCount; ++i) {
        r.segments[i].name = std::string(segment_name(static_cast<BiteSegment>(i)));
        r.segments[i].min_distance_mm = std::numeric_limits<double>::infinity();
    }
    accumulate(r.upper_distance, regions_of(upper, superior), options, r);
    accumulate(r.lower_distance, regions_of(lower, superior), options, r);
    r.max_penetration_mm = std::max(0.0, -r.min_distance_mm);
    r.penetration_flagged = r.max_penetration_mm > options.penetration_mm;
    decide(options, r);
    return r;
}

std::vector<Rgb8> bite_colors(const std::vector<float>& signed_distance, const BiteOptions& o) {
    std::vector<Rgb8> out(signed_distance.size());
    for (size_t i = 0; i < out.size(); ++i) {
        const double d = signed_distance[i];
        if (d < -o.penetration_mm)
            out[i] = {170, 0, 0};
        else if (d < 0)
            out[i] = {255, 140, 0};
        else if (d <= o.contact_mm)
            out[i] = {0, 190, 60};
        else if (d <= 0.5)
            out[i] = {40, 110, 255};
        else if (d <= 1.0)
            out[i] = {160, 200, 255};
        else
            out[i] = {220, 220, 220};
    }
    return out;
}

}  // namespace intake::mesh
