#include "mesh/analysis/arch_frame.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace intake::mesh {
namespace {

constexpr double kAnteriorEnd = 0.25;              // depth fraction where the canines end
constexpr double kPremolarEnd = 0.50;              // depth fraction where the first molars begin
constexpr uint32_t kMinTeeth = 8, kMaxTeeth = 20;  // component counts that look like tooth shells
constexpr double kFragmentShare = 0.25;            // of the median tooth area
constexpr double kEndSlice = 0.15;  // share of the depth used to tell front from back

using Mat3 = std::array<std::array<double, 3>, 3>;

// Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations; columns of `vecs`
// are the eigenvectors. A handful of sweeps reaches double precision for 3×3.
void jacobi_eigen(Mat3 a, std::array<double, 3>& vals, Mat3& vecs) {
    vecs = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    for (int sweep = 0; sweep < 50; ++sweep) {
        const double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
        if (off < 1e-30) break;
        for (int p = 0; p < 2; ++p) {
            for (int q = p + 1; q < 3; ++q) {
                if (std::abs(a[p][q]) < 1e-300) continue;
                const double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                const double t =
                    (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < 3; ++k) {  // A = J^T A J
                    const double akp = a[k][p], akq = a[k][q];
                    a[k][p] = c * akp - s * akq, a[k][q] = s * akp + c * akq;
                }
                for (int k = 0; k < 3; ++k) {
                    const double apk = a[p][k], aqk = a[q][k];
                    a[p][k] = c * apk - s * aqk, a[q][k] = s * apk + c * aqk;
                }
                for (int k = 0; k < 3; ++k) {
                    const double vkp = vecs[k][p], vkq = vecs[k][q];
                    vecs[k][p] = c * vkp - s * vkq, vecs[k][q] = s * vkp + c * vkq;
                }
            }
        }
    }
    vals = {a[0][0], a[1][1], a[2][2]};
}

// Area-weighted covariance of the surface about `c` (triangle centroids stand in for the
// triangles; at scan resolution the difference is far below what the axes need).
Mat3 surface_covariance(const Mesh& mesh, const Vec3d& c) {
    Mat3 cov{};
    double total = 0;
    for (const auto& t : mesh.triangles) {
        const Vec3d a = to_d(mesh.positions[t[0]]), b = to_d(mesh.positions[t[1]]),
                    d = to_d(mesh.positions[t[2]]);
        const double area = 0.5 * norm(cross(b - a, d - a));
        const Vec3d m = (a + b + d) * (1.0 / 3) - c;
        const double v[3] = {m.x, m.y, m.z};
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j) cov[i][j] += area * v[i] * v[j];
        }
        total += area;
    }
    if (total > 0) {
        for (auto& row : cov) {
            for (auto& x : row) x /= total;
        }
    }
    return cov;
}

// Width across the left axis of the vertices within the end slice at one end of the depth axis.
double end_width(const Mesh& mesh, const ArchFrame& f, bool front_end) {
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    const double depth = f.front - f.back;
    for (const auto& v : mesh.positions) {
        const Vec3d p = to_d(v) - f.origin;
        const double a = dot(p, f.anterior);
        const bool in =
            front_end ? a > f.front - kEndSlice * depth : a < f.back + kEndSlice * depth;
        if (!in) continue;
        const double l = dot(p, f.left);
        lo = std::min(lo, l), hi = std::max(hi, l);
    }
    return hi >= lo ? hi - lo : 0;
}

void update_extent(const Mesh& mesh, ArchFrame& f) {
    f.front = std::numeric_limits<double>::lowest();
    f.back = std::numeric_limits<double>::max();
    for (const auto& v : mesh.positions) {
        const double a = dot(to_d(v) - f.origin, f.anterior);
        f.front = std::max(f.front, a), f.back = std::min(f.back, a);
    }
}

}  // namespace

Vec3d surface_centroid(const Mesh& mesh, const std::vector<uint32_t>& labels, uint32_t label,
                       double* area_out) {
    Vec3d sum;
    double total = 0;
    for (size_t i = 0; i < mesh.triangles.size(); ++i) {
        if (!labels.empty() && labels[i] != label) continue;
        const Triangle& t = mesh.triangles[i];
        const Vec3d a = to_d(mesh.positions[t[0]]), b = to_d(mesh.positions[t[1]]),
                    c = to_d(mesh.positions[t[2]]);
        const double area = 0.5 * norm(cross(b - a, c - a));
        sum = sum + (a + b + c) * (area / 3);
        total += area;
    }
    if (area_out) *area_out = total;
    return total > 0 ? sum * (1.0 / total) : Vec3d{};
}

std::vector<Vec3d> component_centroids(const Mesh& mesh, const std::vector<uint32_t>& labels,
                                       uint32_t count, std::vector<double>* areas_out) {
    std::vector<Vec3d> sums(count);
    std::vector<double> areas(count, 0.0);
    for (size_t i = 0; i < mesh.triangles.size() && i < labels.size(); ++i) {
        if (labels[i] >= count) continue;
        const Triangle& t = mesh.triangles[i];
        const Vec3d a = to_d(mesh.positions[t[0]]), b = to_d(mesh.positions[t[1]]),
                    c = to_d(mesh.positions[t[2]]);
        const double area = 0.5 * norm(cross(b - a, c - a));
        sums[labels[i]] = sums[labels[i]] + (a + b + c) * (area / 3);
        areas[labels[i]] += area;
    }
    for (uint32_t k = 0; k < count; ++k) {
        sums[k] = areas[k] > 0 ? sums[k] * (1.0 / areas[k]) : Vec3d{};
    }
    if (areas_out) *areas_out = std::move(areas);
    return sums;
}

ArchFrame arch_frame(const Mesh& mesh, const Vec3d& superior_hint) {
    ArchFrame f;
    f.origin = surface_centroid(mesh);
    std::array<double, 3> vals{};
    Mat3 vecs{};
    jacobi_eigen(surface_covariance(mesh, f.origin), vals, vecs);
    std::array<int, 3> order{0, 1, 2};  // descending variance: left-right, front-back, vertical
    std::sort(order.begin(), order.end(), [&](int a, int b) { return vals[a] > vals[b]; });
    auto column = [&](int i) { return Vec3d{vecs[0][i], vecs[1][i], vecs[2][i]}; };
    f.superior = normalized(column(order[2]));
    if (dot(f.superior, superior_hint) < 0) f.superior = f.superior * -1.0;
    f.anterior = normalized(column(order[1]));
    f.left = cross(f.superior, f.anterior);
    update_extent(mesh, f);
    if (end_width(mesh, f, true) > end_width(mesh, f, false)) {
        f.anterior = f.anterior * -1.0;  // the narrow end is the front
        f.left = cross(f.superior, f.anterior);
        update_extent(mesh, f);
    }
    for (int i = 0; i < 3; ++i) f.spread[i] = std::sqrt(std::max(0.0, vals[order[i]]));
    return f;
}

double depth_fraction(const ArchFrame& frame, const Vec3d& p) {
    const double depth = frame.front - frame.back;
    if (depth <= 0) return 0;
    return (frame.front - dot(p - frame.origin, frame.anterior)) / depth;
}

double left_coordinate(const ArchFrame& frame, const Vec3d& p) {
    return dot(p - frame.origin, frame.left);
}

BiteSegment segment_of(ArchRegion region) {
    switch (region) {
        case ArchRegion::anterior:
            return BiteSegment::anterior;
        case ArchRegion::left_premolar:
        case ArchRegion::left_molar:
            return BiteSegment::left_posterior;
        default:
            return BiteSegment::right_posterior;
    }
}

namespace {

struct Tooth {
    uint32_t label;
    double area;
    Vec3d centroid;
};

ArchRegion region_of_rank(size_t rank, bool left) {
    if (rank < 3) return ArchRegion::anterior;
    if (rank < 5) return left ? ArchRegion::left_premolar : ArchRegion::right_premolar;
    return left ? ArchRegion::left_molar : ArchRegion::right_molar;
}

// Region per component: teeth ranked front to back on each side; fragments by position.
std::vector<ArchRegion> tooth_regions(const Mesh& mesh, const ArchFrame& frame,
                                      const std::vector<uint32_t>& labels, uint32_t count) {
    std::vector<Tooth> teeth(count);
    std::vector<double> areas;
    const auto centroids = component_centroids(mesh, labels, count, &areas);
    for (uint32_t k = 0; k < count; ++k) teeth[k] = {k, areas[k], centroids[k]};
    std::nth_element(areas.begin(), areas.begin() + count / 2, areas.end());
    const double min_area = kFragmentShare * areas[count / 2];
    std::vector<ArchRegion> out(count);
    for (const auto& t : teeth) out[t.label] = region_of(frame, t.centroid);
    for (const bool left : {true, false}) {
        std::vector<const Tooth*> side;
        for (const auto& t : teeth) {
            const bool is_left = left_coordinate(frame, t.centroid) >= 0;
            if (t.area >= min_area && is_left == left) side.push_back(&t);
        }
        std::sort(side.begin(), side.end(), [&](const Tooth* a, const Tooth* b) {
            return depth_fraction(frame, a->centroid) < depth_fraction(frame, b->centroid);
        });
        for (size_t rank = 0; rank < side.size(); ++rank) {
            out[side[rank]->label] = region_of_rank(rank, left);
        }
    }
    return out;
}

}  // namespace

std::vector<ArchRegion> vertex_regions(const Mesh& mesh, const ArchFrame& frame,
                                       const std::vector<uint32_t>& labels, uint32_t count) {
    std::vector<ArchRegion> out(mesh.positions.size());
    for (size_t i = 0; i < out.size(); ++i) out[i] = region_of(frame, to_d(mesh.positions[i]));
    if (labels.size() == mesh.triangles.size() && count >= kMinTeeth && count <= kMaxTeeth) {
        const auto per_tooth = tooth_regions(mesh, frame, labels, count);
        const auto per_vertex = vertex_labels(mesh, labels);
        for (size_t i = 0; i < out.size(); ++i) {
            if (per_vertex[i] < count) out[i] = per_tooth[per_vertex[i]];
        }
    }
    return out;
}

std::vector<uint32_t> vertex_labels(const Mesh& mesh,
                                    const std::vector<uint32_t>& triangle_labels) {
    std::vector<uint32_t> out(mesh.positions.size(), UINT32_MAX);
    for (size_t i = 0; i < mesh.triangles.size() && i < triangle_labels.size(); ++i) {
        for (const uint32_t v : mesh.triangles[i]) out[v] = triangle_labels[i];
    }
    return out;
}

ArchRegion region_of(const ArchFrame& frame, const Vec3d& p) {
    const double t = depth_fraction(frame, p);
    if (t < kAnteriorEnd) return ArchRegion::anterior;
    const bool left = left_coordinate(frame, p) >= 0;
    if (t < kPremolarEnd) return left ? ArchRegion::left_premolar : ArchRegion::right_premolar;
    return left ? ArchRegion::left_molar : ArchRegion::right_molar;
}

std::string_view segment_name(BiteSegment segment) {
    switch (segment) {
        case BiteSegment::anterior:
            return "anterior";
        case BiteSegment::left_posterior:
            return "left_posterior";
        case BiteSegment::right_posterior:
            return "right_posterior";
    }
    return "unknown";
}

std::string_view region_name(ArchRegion region) {
    switch (region) {
        case ArchRegion::anterior:
            return "anterior";
        case ArchRegion::left_premolar:
            return "left_premolar";
        case ArchRegion::right_premolar:
            return "right_premolar";
        case ArchRegion::left_molar:
            return "left_molar";
        case ArchRegion::right_molar:
            return "right_molar";
    }
    return "unknown";
}

}  // namespace intake::mesh
