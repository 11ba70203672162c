#include "mesh/analysis/registration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nanoflann.hpp>

#include "mesh/analysis/arch_frame.h"
#include "mesh/analysis/parallel.h"
#include "mesh/analysis/spatial_order.h"

namespace intake::mesh {
namespace {

struct Pair {
    Vec3d p, q, n;
    double d = std::numeric_limits<double>::infinity();
    uint32_t triangle = UINT32_MAX;  // last iteration's closest triangle: a search bound
};

// Exact closest points on the fixed surface. The last iteration's triangle is still a point on
// the surface, so its distance bounds the search: repeated ICP queries prune almost everything.
struct SurfaceTarget {
    const SurfaceIndex& index;
    SurfaceHit closest(const Vec3d& p, double bound, uint32_t hint) const {
        if (hint != UINT32_MAX)
            bound = std::min(bound, index.triangle_distance(hint, p) * 1.0001 + 1e-6);
        return index.closest(p, bound);
    }
};

// Nearest of a few thousand fixed-surface sample points, with their vertex normals: the coarse
// stage starts millimetres away, where exact surface queries are slow and exactness is useless.
class PointTarget {
  public:
    PointTarget(const Mesh& fixed, const SurfaceIndex& index, size_t count)
        : cloud_{fixed_samples(fixed, index, count)},
          tree_(3, cloud_, nanoflann::KDTreeSingleIndexAdaptorParams(10)) {
        tree_.buildIndex();
    }
    SurfaceHit closest(const Vec3d& p, double bound, uint32_t /*hint*/) const {
        SurfaceHit hit;
        if (cloud_.points.empty()) return hit;
        const double q[3] = {p.x, p.y, p.z};
        uint32_t id = 0;
        double d2 = 0;
        tree_.knnSearch(q, 1, &id, &d2);
        if (d2 > bound * bound) return hit;
        hit.found = true, hit.point = cloud_.points[id], hit.normal = cloud_.normals[id];
        hit.distance = std::sqrt(d2);
        return hit;
    }

  private:
    struct Cloud {
        std::vector<Vec3d> points, normals;
        size_t kdtree_get_point_count() const { return points.size(); }
        double kdtree_get_pt(size_t i, size_t dim) const {
            return dim == 0 ? points[i].x : dim == 1 ? points[i].y : points[i].z;
        }
        template <class Box>
        bool kdtree_get_bbox(Box&) const {
            return false;
        }
    };
    static Cloud fixed_samples(const Mesh& fixed, const SurfaceIndex& index, size_t count) {
        Cloud c;
        const size_t n = fixed.positions.size();
        const size_t stride = std::max<size_t>(1, n / std::max<size_t>(count, 1));
        for (size_t i = 0; i < n; i += stride) {
            c.points.push_back(to_d(fixed.positions[i]));
            c.normals.push_back(to_d(index.vertex_normal(static_cast<uint32_t>(i))));
        }
        return c;
    }
    using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>,
                                                     Cloud, 3, uint32_t>;
    Cloud cloud_;
    Tree tree_;
};

template <typename Target>
void correspond(const std::vector<Vec3d>& samples, const Target& target, const RigidTransform& x,
                double bound, std::vector<Pair>& pairs) {
    pairs.resize(samples.size());
    parallel_for(
        samples.size(),
        [&](size_t begin, size_t end) {
            for (size_t i = begin; i < end; ++i) {
                Pair& pair = pairs[i];
                pair.p = x.apply(samples[i]);
                const SurfaceHit hit = target.closest(pair.p, bound, pair.triangle);
                pair.d = hit.found ? hit.distance : std::numeric_limits<double>::infinity();
                pair.q = hit.point, pair.n = hit.normal;
                pair.triangle = hit.found ? hit.triangle : UINT32_MAX;
            }
        },
        128);  // the coarse stage has 1,500 samples: a dozen chunks keep both threads busy
}

double quantile(std::vector<double> values, double fraction) {
    if (values.empty()) return 0;
    const auto k = static_cast<size_t>(fraction * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

// The inlier threshold: the keep-fraction quantile, tightened to a few robust sigmas.
double inlier_threshold(const std::vector<Pair>& pairs, const RegistrationOptions& o) {
    std::vector<double> d;
    d.reserve(pairs.size());
    for (const auto& pair : pairs) {
        if (std::isfinite(pair.d)) d.push_back(pair.d);
    }
    if (d.size() < 6) return 0;
    const double robust = std::max(o.min_threshold_mm, o.inlier_sigmas * 1.4826 * quantile(d, 0.5));
    // The keep fraction counts every sample; those with no surface in range are dropped first.
    const double share =
        o.keep_fraction * static_cast<double>(pairs.size()) / static_cast<double>(d.size());
    const double keep = quantile(d, std::min(1.0, share));
    return std::min(keep, robust);
}

// Solves A x = b (6×6, symmetric positive semi-definite) by Gaussian elimination with pivoting.
bool solve6(double a[6][6], double b[6], double x[6]) {
    for (int c = 0; c < 6; ++c) {
        int piv = c;
        for (int r = c + 1; r < 6; ++r) {
            if (std::abs(a[r][c]) > std::abs(a[piv][c])) piv = r;
        }
        if (std::abs(a[piv][c]) < 1e-12) return false;
        std::swap(a[c], a[piv]);
        std::swap(b[c], b[piv]);
        for (int r = c + 1; r < 6; ++r) {
            const double f = a[r][c] / a[c][c];
            for (int k = c; k < 6; ++k) a[r][k] -= f * a[c][k];
            b[r] -= f * b[c];
        }
    }
    for (int r = 5; r >= 0; --r) {
        double s = b[r];
        for (int k = r + 1; k < 6; ++k) s -= a[r][k] * x[k];
        x[r] = s / a[r][r];
    }
    return true;
}

// One linearised point-to-plane step over the kept pairs: x' = R_w (x - c) + c + t.
// Returns false when the kept pairs do not constrain all six degrees of freedom.
bool point_to_plane_step(const std::vector<Pair>& pairs, double threshold, RigidTransform& delta,
                         double& motion_mm) {
    Vec3d c;
    size_t n = 0;
    for (const auto& pair : pairs) {
        if (pair.d <= threshold) c = c + pair.p, ++n;
    }
    if (n < 6) return false;
    c = c * (1.0 / static_cast<double>(n));
    double a[6][6] = {}, b[6] = {}, x[6] = {};
    double radius = 0;
    for (const auto& pair : pairs) {
        if (pair.d > threshold) continue;
        const Vec3d p = pair.p - c;
        const Vec3d pn = cross(p, pair.n);
        const double j[6] = {pn.x, pn.y, pn.z, pair.n.x, pair.n.y, pair.n.z};
        const double r = dot(pair.p - pair.q, pair.n);
        for (int i = 0; i < 6; ++i) {
            for (int k = 0; k < 6; ++k) a[i][k] += j[i] * j[k];
            b[i] -= j[i] * r;
        }
        radius = std::max(radius, norm(p));
    }
    if (!solve6(a, b, x)) return false;
    const Vec3d w{x[0], x[1], x[2]}, t{x[3], x[4], x[5]};
    const RigidTransform rot = from_axis_angle(w, {});
    delta = rot;
    delta.t = c - rot.rotate(c) + t;
    motion_mm = norm(t) + norm(w) * radius;
    return true;
}

// Mean squared distance over the best keep-fraction of the samples: the score of a candidate.
double trimmed_mse(const std::vector<Pair>& pairs, double keep_fraction) {
    std::vector<double> d2;
    for (const auto& pair : pairs) d2.push_back(std::isfinite(pair.d) ? pair.d * pair.d : 1e12);
    if (d2.empty()) return std::numeric_limits<double>::infinity();
    const auto k = std::max<size_t>(1, static_cast<size_t>(keep_fraction * d2.size()));
    std::nth_element(d2.begin(), d2.begin() + static_cast<std::ptrdiff_t>(k - 1), d2.end());
    double sum = 0;
    for (size_t i = 0; i < k; ++i) sum += d2[i];
    return sum / static_cast<double>(k);
}

std::vector<RigidTransform> coarse_candidates(const ArchFrame& fm, const ArchFrame& ff) {
    std::vector<RigidTransform> out(1);  // candidate 0: the pose as exported
    const double signs[4][3] = {{1, 1, 1}, {-1, -1, 1}, {-1, 1, -1}, {1, -1, -1}};
    for (const auto& s : signs) {
        const Vec3d fa[3] = {ff.left, ff.anterior, ff.superior};
        const Vec3d ma[3] = {fm.left * s[0], fm.anterior * s[1], fm.superior * s[2]};
        RigidTransform x;  // R = sum_k fa_k ma_k^T maps each moving axis onto the fixed one
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j) {
                double v = 0;
                for (int k = 0; k < 3; ++k) {
                    const double f[3] = {fa[k].x, fa[k].y, fa[k].z};
                    const double m[3] = {ma[k].x, ma[k].y, ma[k].z};
                    v += f[i] * m[j];
                }
                x.r[i][j] = v;
            }
        }
        x.t = ff.origin - x.rotate(fm.origin);
        out.push_back(x);
    }
    return out;
}

template <typename Target>
Registration refine(const std::vector<Vec3d>& samples, const Target& target,
                    const RigidTransform& start, int iterations,
                    const RegistrationOptions& options) {
    Registration reg;
    reg.transform = start;
    reg.used = samples.size();
    std::vector<Pair> pairs;
    double bound = std::numeric_limits<double>::infinity();
    // The pairs still describe the transform when the last update moved no point by more than
    // the convergence tolerance (or there was none): then no final correspondence pass is needed.
    bool pairs_current = false;
    for (int it = 0; it < iterations; ++it) {
        correspond(samples, target, reg.transform, bound, pairs);
        pairs_current = true;
        const double threshold = inlier_threshold(pairs, options);
        RigidTransform delta;
        double motion = 0;
        if (!point_to_plane_step(pairs, threshold, delta, motion)) break;
        reg.transform = compose(delta, reg.transform);
        reg.iterations = it + 1;
        // Far points cannot become inliers in one step; bounding the search keeps them cheap.
        bound = std::max(4 * threshold, 1.0);
        pairs_current = motion < options.converged_mm;
        if (pairs_current) break;
    }
    if (!pairs_current) correspond(samples, target, reg.transform, bound, pairs);
    reg.threshold_mm = inlier_threshold(pairs, options);
    double sum = 0;
    for (const auto& pair : pairs) {
        if (pair.d <= reg.threshold_mm) sum += pair.d * pair.d, ++reg.kept;
    }
    reg.rms_mm = reg.kept ? std::sqrt(sum / static_cast<double>(reg.kept)) : 0;
    return reg;
}

// Samples are an unordered set: in spatial order they query the BVH faster (spatial_order.h).
std::vector<Vec3d> spatially_ordered(const std::vector<Vec3d>& points) {
    std::vector<Vec3d> out(points.size());
    const auto order = spatial_order(points);
    for (size_t i = 0; i < order.size(); ++i) out[i] = points[order[i]];
    return out;
}

struct Coarse {
    RigidTransform transform;
    int candidate = 0;
};

// Every candidate gets a few ICP iterations against the fixed sample points; only the best
// `coarse_finalists` run the rest, and the lowest trimmed mean squared distance wins. A wrong
// sign combination is far off after a few iterations already, so the ranking is settled early.
Coarse coarse_alignment(const Mesh& moving, const ArchFrame& moving_frame, const Mesh& fixed,
                        const ArchFrame& fixed_frame, const SurfaceIndex& fixed_index,
                        const RegistrationOptions& options) {
    const std::vector<Vec3d> coarse =
        spatially_ordered(sample_points(moving, options.coarse_samples));
    const PointTarget points(fixed, fixed_index, options.coarse_target_points);
    std::vector<Pair> pairs;
    auto score = [&](const RigidTransform& x) {
        pairs.clear();
        correspond(coarse, points, x, std::numeric_limits<double>::infinity(), pairs);
        return trimmed_mse(pairs, options.keep_fraction);
    };
    struct Trial {
        RigidTransform transform;
        double score = 0;
        int candidate = 0;
    };
    std::vector<Trial> trials;
    const auto candidates = coarse_candidates(moving_frame, fixed_frame);
    const int first = std::clamp(options.coarse_first_iterations, 1, options.coarse_iterations);
    for (size_t i = 0; i < candidates.size(); ++i) {
        const Registration r = refine(coarse, points, candidates[i], first, options);
        trials.push_back({r.transform, score(r.transform), static_cast<int>(i)});
    }
    std::stable_sort(trials.begin(), trials.end(),
                     [](const Trial& a, const Trial& b) { return a.score < b.score; });
    trials.resize(std::min(trials.size(), std::max<size_t>(1, options.coarse_finalists)));
    for (Trial& t : trials) {
        const Registration r =
            refine(coarse, points, t.transform, options.coarse_iterations - first, options);
        t.transform = r.transform, t.score = score(r.transform);
    }
    const auto best =
        std::min_element(trials.begin(), trials.end(),
                         [](const auto& a, const auto& b) { return a.score < b.score; });
    return {best->transform, best->candidate};
}

}  // namespace

std::vector<Vec3d> sample_points(const Mesh& mesh, size_t count) {
    std::vector<Vec3d> out;
    const size_t n = mesh.positions.size();
    if (n == 0 || count == 0) return out;
    const double stride = std::max(1.0, static_cast<double>(n) / static_cast<double>(count));
    for (double i = 0; i < static_cast<double>(n); i += stride) {
        out.push_back(to_d(mesh.positions[static_cast<size_t>(i)]));
    }
    return out;
}

Registration refine_rigid(const std::vector<Vec3d>& samples, const SurfaceIndex& fixed_index,
                          const RigidTransform& start, int iterations,
                          const RegistrationOptions& options) {
    return refine(samples, SurfaceTarget{fixed_index}, start, iterations, options);
}

Registration register_rigid(const Mesh& moving, const Mesh& fixed, const SurfaceIndex& fixed_index,
                            const RegistrationOptions& options) {
    return register_rigid(moving, arch_frame(moving), fixed, arch_frame(fixed), fixed_index,
                          options);
}

Registration register_rigid(const Mesh& moving, const ArchFrame& moving_frame, const Mesh& fixed,
                            const ArchFrame& fixed_frame, const SurfaceIndex& fixed_index,
                            const RegistrationOptions& options) {
    const Coarse coarse =
        coarse_alignment(moving, moving_frame, fixed, fixed_frame, fixed_index, options);
    const RigidTransform& start = coarse.transform;
    const std::vector<Vec3d> samples = spatially_ordered(sample_points(moving, options.samples));
    // Most of the way on a quarter of the samples (same spread, a quarter of the queries), then
    // the full sample set from there: it typically needs one or two more iterations.
    std::vector<Vec3d> quick;
    if (options.quick_share > 0 && options.quick_share < 1) {
        const auto step = static_cast<size_t>(std::lround(1 / options.quick_share));
        for (size_t i = 0; i < samples.size(); i += std::max<size_t>(step, 1))
            quick.push_back(samples[i]);
    }
    const SurfaceTarget target{fixed_index};
    Registration pre;
    pre.transform = start;
    if (quick.size() >= 200) {
        RegistrationOptions o = options;
        o.converged_mm = std::max(options.converged_mm, options.quick_converged_mm);
        pre = refine(quick, target, start, options.iterations, o);
    }
    Registration reg = refine(samples, target, pre.transform, options.iterations, options);
    reg.iterations += pre.iterations;
    reg.candidate = coarse.candidate;
    return reg;
}

}  // namespace intake::mesh
