#include "mesh/analysis/compare.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "mesh/analysis/parallel.h"
#include "mesh/analysis/spatial_order.h"
#include "mesh/analysis/surface_index.h"
#include "mesh/components.h"

namespace intake::mesh {
namespace {

constexpr uint32_t kMaxToothComponents = 64;  // beyond this it is debris, not teeth

// Vertices are visited in spatial order (spatial_order.h), so the previous vertex's triangle
// gives a tight search bound for the next one (exactness is kept: it is a real point on the
// surface) and the BVH path stays in cache.
std::vector<float> signed_deviation(const Mesh& after, const SurfaceIndex& before) {
    std::vector<float> out(after.positions.size());
    const std::vector<uint32_t> order = spatial_order(after.positions);
    parallel_for(out.size(), [&](size_t begin, size_t end) {
        uint32_t hint = UINT32_MAX;
        for (size_t j = begin; j < end; ++j) {
            const uint32_t i = order[j];
            const Vec3d p = to_d(after.positions[i]);
            const double bound = hint == UINT32_MAX
                                     ? std::numeric_limits<double>::infinity()
                                     : before.triangle_distance(hint, p) * 1.0001 + 1e-6;
            const SurfaceHit hit = before.closest(p, bound);
            out[i] = static_cast<float>(hit.signed_distance);
            hint = hit.triangle;
        }
    });
    return out;
}

void summarise(const std::vector<float>& dev, CompareReport& r) {
    std::vector<float> mag(dev.size());
    double sum = 0;
    for (size_t i = 0; i < dev.size(); ++i) {
        mag[i] = std::abs(dev[i]);
        sum += mag[i];
        r.max_deviation_mm = std::max(r.max_deviation_mm, static_cast<double>(mag[i]));
    }
    if (mag.empty()) return;
    r.mean_deviation_mm = sum / static_cast<double>(mag.size());
    const size_t k = (mag.size() - 1) * 95 / 100;
    std::nth_element(mag.begin(), mag.begin() + static_cast<std::ptrdiff_t>(k), mag.end());
    r.p95_deviation_mm = mag[k];
}

std::vector<RegionSummary> region_summaries(const std::vector<float>& dev,
                                            const std::vector<ArchRegion>& regions) {
    std::vector<RegionSummary> out(kArchRegionCount);
    for (int i = 0; i < kArchRegionCount; ++i) {
        out[i].name = std::string(region_name(static_cast<ArchRegion>(i)));
    }
    for (size_t v = 0; v < dev.size(); ++v) {
        RegionSummary& s = out[static_cast<int>(regions[v])];
        const double m = std::abs(dev[v]);
        s.mean_mm += m;
        s.max_mm = std::max(s.max_mm, m);
        ++s.vertices;
    }
    for (auto& s : out) {
        if (s.vertices) s.mean_mm /= static_cast<double>(s.vertices);
    }
    return out;
}

struct Shells {
    std::vector<uint32_t> labels;  // per triangle
    uint32_t count = 0;
    std::vector<Vec3d> centroids;
};

Shells shells_of(const Mesh& mesh) {
    Shells s;
    s.labels = label_components(mesh, &s.count);
    if (s.count > kMaxToothComponents) return s;
    s.centroids = component_centroids(mesh, s.labels, s.count);
    return s;
}

// Each after tooth is matched to the nearest before tooth; a before tooth takes one after tooth
// (the nearest), so a tooth that split in two scans is reported once.
std::vector<ComponentMotion> match_teeth(const Mesh& after, const Shells& b, const Shells& a,
                                         const std::vector<float>& dev,
                                         const std::vector<ArchRegion>& regions, double radius) {
    std::vector<ComponentMotion> out;
    if (b.count < 2 || a.count < 2 || b.centroids.empty() || a.centroids.empty()) return out;
    std::vector<double> taken(b.count, radius);
    std::vector<int> owner(b.count, -1);
    for (uint32_t k = 0; k < a.count; ++k) {
        int best = -1;
        double best_d = radius;
        for (uint32_t j = 0; j < b.count; ++j) {
            const double d = norm(a.centroids[k] - b.centroids[j]);
            if (d < best_d && d < taken[j]) best_d = d, best = static_cast<int>(j);
        }
        if (best >= 0) taken[best] = best_d, owner[best] = static_cast<int>(k);
    }
    std::vector<double> max_dev(a.count, 0.0);
    std::vector<ArchRegion> tooth_region(a.count, ArchRegion::anterior);
    for (size_t t = 0; t < after.triangles.size(); ++t) {
        for (const uint32_t v : after.triangles[t]) {
            max_dev[a.labels[t]] = std::max(max_dev[a.labels[t]], std::abs(double{dev[v]}));
            tooth_region[a.labels[t]] = regions[v];
        }
    }
    for (uint32_t j = 0; j < b.count; ++j) {
        if (owner[j] < 0) continue;
        const auto k = static_cast<uint32_t>(owner[j]);
        ComponentMotion m;
        m.component = k;
        m.before_component = j;
        m.region = std::string(region_name(tooth_region[k]));
        m.centroid = b.centroids[j];
        m.displacement = a.centroids[k] - b.centroids[j];
        m.displacement_mm = norm(m.displacement);
        m.direction = normalized(m.displacement);
        m.max_deviation_mm = max_dev[k];
        out.push_back(m);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& x, const auto& y) { return x.component < y.component; });
    return out;
}

}  // namespace

Result<CompareReport> compare_scans(const Mesh& before, const Mesh& after,
                                    const CompareOptions& options) {
    if (before.empty()) return fail(Errc::bad_input, "the before scan has no triangles");
    if (after.empty()) return fail(Errc::bad_input, "the after scan has no triangles");
    CompareReport r;
    auto lap = [clock = std::chrono::steady_clock::now()]() mutable {
        const auto now = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(now - clock).count();
        clock = now;
        return ms;
    };
    // The serial steps (frames, component labels, regions) run on a side thread while the
    // parallel ones (BVH, distances) run: their chunks are claimed dynamically, so the two
    // cores stay busy and the wall time approaches half the CPU time. Labels do not change
    // under a rigid move, so the after scan's are taken before registration.
    ArchFrame after_frame;
    Shells b, a;
    std::thread side([&] {
        after_frame = arch_frame(after);
        b = shells_of(before);
        a.labels = label_components(after, &a.count);
    });
    const SurfaceIndex before_index(before);
    const ArchFrame frame = arch_frame(before);
    side.join();
    r.index_ms = lap();
    r.registration =
        register_rigid(after, after_frame, before, frame, before_index, options.registration);
    r.registration_ms = lap();
    const Mesh moved = transformed(after, r.registration.transform);
    std::vector<ArchRegion> regions;
    side = std::thread([&] {
        if (a.count <= kMaxToothComponents)
            a.centroids = component_centroids(moved, a.labels, a.count);
        regions = vertex_regions(moved, frame, a.labels, a.count);
    });
    r.deviation = signed_deviation(moved, before_index);
    side.join();
    summarise(r.deviation, r);
    r.deviation_ms = lap();
    r.before_components = b.count;
    r.after_components = a.count;
    r.regions = region_summaries(r.deviation, regions);
    r.per_component = match_teeth(moved, b, a, r.deviation, regions, options.match_radius_mm);
    r.summary_ms = lap();
    return r;
}

std::vector<Rgb8> deviation_colors(const std::vector<float>& deviation, float range_mm) {
    std::vector<Rgb8> out(deviation.size());
    const float range = range_mm > 0 ? range_mm : 0.5f;
    for (size_t i = 0; i < deviation.size(); ++i) {
        const float s = std::clamp(deviation[i] / range, -1.0f, 1.0f);
        const auto fade = static_cast<uint8_t>(std::lround(255.0f * (1.0f - std::abs(s))));
        out[i] = s >= 0 ? Rgb8{255, fade, fade} : Rgb8{fade, fade, 255};
    }
    return out;
}

}  // namespace intake::mesh
