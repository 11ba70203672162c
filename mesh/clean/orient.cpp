#include "mesh/clean/orient.h"

#include "mesh/adjacency.h"

namespace intake::mesh {
namespace {

// The walk's frontier on a scan spans many rows of the triangle array, so nearly every
// neighbour lookup misses the caches. The queue says what comes next: the opposites of the
// triangle kAhead entries on are prefetched, and half as far on, those opposites are read to
// prefetch the neighbours' corners. Same walk, same order, same result.
constexpr size_t kAhead = 16;

[[gnu::always_inline]] inline void prefetch_walk(const Mesh& mesh,
                                                 const std::vector<uint32_t>& opposites,
                                                 const std::vector<uint32_t>& queue, size_t q) {
    if (q + kAhead < queue.size()) __builtin_prefetch(&opposites[3 * size_t{queue[q + kAhead]}]);
    if (q + kAhead / 2 < queue.size()) {
        const size_t t = queue[q + kAhead / 2];
        for (uint32_t i = 0; i < 3; ++i) {
            const uint32_t o = opposites[3 * t + i];
            if (o < kNonManifoldEdge) __builtin_prefetch(&mesh.triangles[o / 3]);
        }
    }
}

// Propagates relative flips from `seed` over manifold edges. flip[f] = 1 means "reverse f".
void walk_component(const Mesh& mesh, const std::vector<uint32_t>& opposites, uint32_t seed,
                    std::vector<uint8_t>& flip, std::vector<uint8_t>& seen,
                    std::vector<uint32_t>& queue, OrientResult& result) {
    queue.clear();
    queue.push_back(seed);
    seen[seed] = 1;
    for (size_t q = 0; q < queue.size(); ++q) {
        prefetch_walk(mesh, opposites, queue, q);
        uint32_t t = queue[q];
        for (uint32_t i = 0; i < 3; ++i) {
            uint32_t o = opposites[3 * t + i];
            if (o == kBoundaryEdge || o == kNonManifoldEdge) continue;
            uint32_t f = o / 3;
            // Consistent neighbours run the shared edge in opposite directions.
            bool same_direction = mesh.triangles[t][i] == mesh.triangles[f][o % 3];
            uint8_t want = flip[t] ^ static_cast<uint8_t>(same_direction);
            if (!seen[f]) {
                seen[f] = 1;
                flip[f] = want;
                queue.push_back(f);
            } else if (flip[f] != want && t < f) {
                ++result.conflicts;
            }
        }
    }
}

double signed_volume6(const Mesh& mesh, const Triangle& t) {
    const Vec3& a = mesh.positions[t[0]];
    const Vec3& b = mesh.positions[t[1]];
    const Vec3& c = mesh.positions[t[2]];
    return double(a.x) * (double(b.y) * c.z - double(b.z) * c.y) -
           double(a.y) * (double(b.x) * c.z - double(b.z) * c.x) +
           double(a.z) * (double(b.x) * c.y - double(b.y) * c.x);
}

// Decides per component whether the whole walk result must be inverted.
std::vector<uint8_t> component_inversions(const Mesh& mesh, const std::vector<uint32_t>& opposites,
                                          const std::vector<uint32_t>& labels, uint32_t count,
                                          const std::vector<uint8_t>& flip) {
    std::vector<uint8_t> open(count, 0);
    std::vector<double> volume(count, 0.0);
    std::vector<size_t> kept(count, 0), flipped(count, 0);
    for (uint32_t t = 0; t < mesh.triangles.size(); ++t) {
        uint32_t c = labels[t];
        for (uint32_t i = 0; i < 3; ++i) open[c] |= opposites[3 * t + i] == kBoundaryEdge;
        double v = signed_volume6(mesh, mesh.triangles[t]);
        volume[c] += flip[t] ? -v : v;
        ++(flip[t] ? flipped : kept)[c];
    }
    std::vector<uint8_t> invert(count, 0);
    for (uint32_t c = 0; c < count; ++c) {
        invert[c] = open[c] ? flipped[c] > kept[c] : volume[c] < 0;
    }
    return invert;
}

}  // namespace

OrientResult orient_faces(Mesh& mesh, const std::vector<uint32_t>& opposites,
                          const std::vector<uint32_t>& labels, uint32_t component_count) {
    OrientResult result;
    const size_t n = mesh.triangles.size();
    std::vector<uint8_t> flip(n, 0), seen(n, 0);
    std::vector<uint32_t> queue;
    queue.reserve(n);  // a scan is mostly one component: no regrowth copies on the way
    for (uint32_t t = 0; t < n; ++t) {
        if (!seen[t]) walk_component(mesh, opposites, t, flip, seen, queue, result);
    }
    std::vector<uint8_t> invert =
        component_inversions(mesh, opposites, labels, component_count, flip);
    for (uint32_t t = 0; t < n; ++t) flip[t] ^= invert[labels[t]];
    // Boundary edges in the final winding, taken before the corners move.
    for (uint32_t h = 0; h < opposites.size(); ++h) {
        if (opposites[h] != kBoundaryEdge) continue;
        const Triangle& tri = mesh.triangles[h / 3];
        uint32_t a = tri[h % 3], b = tri[(h % 3 + 1) % 3];
        result.boundary.push_back(flip[h / 3] ? DirectedEdge{b, a} : DirectedEdge{a, b});
    }
    for (uint32_t t = 0; t < n; ++t) {
        if (!flip[t]) continue;
        std::swap(mesh.triangles[t][1], mesh.triangles[t][2]);
        ++result.flipped;
    }
    return result;
}

}  // namespace intake::mesh
