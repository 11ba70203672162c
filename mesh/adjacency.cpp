#include "mesh/adjacency.h"

#include <bit>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace intake::mesh {

void parallel_ranges(size_t count, const std::function<void(size_t, size_t)>& fn) {
    // Below this a thread start costs more than it saves.
    constexpr size_t kMinParallel = 200'000;
    if (count < kMinParallel) {
        fn(0, count);
        return;
    }
    size_t half = count / 2;
    std::thread worker([&] { fn(half, count); });
    fn(0, half);
    worker.join();
}

void build_vertex_faces(const Mesh& mesh, VertexFaces& vf) {
    const size_t n = mesh.positions.size();
    // offsets[v] first counts v's corners, then (inclusive prefix sum) marks the end of v's
    // run; filling from the last triangle backwards moves it to the start of the run, which
    // leaves each run ascending without a separate cursor array.
    vf.offsets.assign(n + 1, 0);
    for (const Triangle& t : mesh.triangles) {
        ++vf.offsets[t[0]];
        ++vf.offsets[t[1]];
        ++vf.offsets[t[2]];
    }
    for (size_t v = 1; v < n; ++v) vf.offsets[v] += vf.offsets[v - 1];
    if (n > 0) vf.offsets[n] = vf.offsets[n - 1];
    vf.faces.resize(vf.offsets[n]);
    for (auto f = static_cast<uint32_t>(mesh.triangles.size()); f-- > 0;) {
        for (uint32_t v : mesh.triangles[f]) vf.faces[--vf.offsets[v]] = f;
    }
}

VertexFaces build_vertex_faces(const Mesh& mesh) {
    VertexFaces vf;
    build_vertex_faces(mesh, vf);
    return vf;
}

namespace {

constexpr uint32_t kNoVertex = UINT32_MAX;  // pads the ring arrays; equals no vertex index

// Bit j set where v[j] == b, for j < n; v is padded with kNoVertex to a multiple of 4.
uint32_t equal_mask(const uint32_t* v, size_t n, uint32_t b) {
    uint32_t mask = 0;
#if defined(__SSE2__)
    const __m128i key = _mm_set1_epi32(static_cast<int>(b));
    for (size_t j = 0; j < n; j += 4) {
        const __m128i lanes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v + j));
        const int bits = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(lanes, key)));
        mask |= static_cast<uint32_t>(bits) << j;
    }
#else
    for (size_t j = 0; j < n; ++j) mask |= uint32_t{v[j] == b} << j;
#endif
    return mask;
}

// Every triangle around `a` has one half-edge leaving a and one arriving at a; a half-edge
// a->b is matched against the other ring triangles that also touch b. Work per vertex stays
// inside its ring (a few cache lines) and each half-edge is written by exactly one vertex, so
// vertex ranges run on both cores without sharing.
void match_ring(const Mesh& mesh, const VertexFaces& vf, uint32_t a,
                std::vector<uint32_t>& opposite) {
    constexpr size_t kSmallRing = 32;
    uint32_t out_b[kSmallRing], out_h[kSmallRing], in_b[kSmallRing], in_h[kSmallRing];
    std::span<const uint32_t> ring = vf.of(a);
    if (ring.size() > kSmallRing) {  // rare: very high valence; the general path is fine
        for (uint32_t f : ring) {
            for (uint32_t i = 0; i < 3; ++i) {
                if (mesh.triangles[f][i] != a) continue;
                uint32_t found = kBoundaryEdge;
                for_each_edge_mate(mesh, vf, 3 * f + i, [&](uint32_t other) {
                    found = found == kBoundaryEdge ? other : kNonManifoldEdge;
                });
                opposite[3 * f + i] = found;
            }
        }
        return;
    }
    size_t n = 0;
    for (uint32_t f : ring) {
        const Triangle& t = mesh.triangles[f];
        uint32_t i = t[0] == a ? 0 : (t[1] == a ? 1 : 2);
        out_b[n] = t[(i + 1) % 3];
        out_h[n] = 3 * f + i;
        in_b[n] = t[(i + 2) % 3];
        in_h[n] = 3 * f + (i + 2) % 3;
        ++n;
    }
    // Per outgoing half-edge a->b, bit j of `in` / `out` says ring triangle j also runs b->a /
    // a->b; four ring triangles per comparison. (A branch per pair of ring triangles
    // mispredicted often enough to be most of this step's cost.)
    for (size_t j = n; j % 4 != 0; ++j) in_b[j] = out_b[j] = kNoVertex;
    for (size_t k = 0; k < n; ++k) {
        const uint32_t self = ~(uint32_t{1} << k);
        const uint32_t in = equal_mask(in_b, n, out_b[k]) & self;
        const uint32_t out = equal_mask(out_b, n, out_b[k]) & self;
        const uint32_t any = in | out;
        uint32_t found = kBoundaryEdge;
        if ((any & (any - 1)) != 0 || (in & out) != 0) {
            found = kNonManifoldEdge;  // two or more other half-edges on this edge
        } else if (in != 0) {
            found = in_h[std::countr_zero(in)];
        } else if (out != 0) {
            found = out_h[std::countr_zero(out)];
        }
        opposite[out_h[k]] = found;
    }
}

}  // namespace

std::vector<uint32_t> build_opposites(const Mesh& mesh, const VertexFaces& vf) {
    std::vector<uint32_t> opposite(mesh.triangles.size() * 3, kBoundaryEdge);
    parallel_ranges(mesh.positions.size(), [&](size_t begin, size_t end) {
        for (size_t a = begin; a < end; ++a)
            match_ring(mesh, vf, static_cast<uint32_t>(a), opposite);
    });
    return opposite;
}

void remap_opposites(std::vector<uint32_t>& opposites, const std::vector<uint8_t>& dead) {
    std::vector<uint32_t> new_id(dead.size());
    uint32_t next = 0;
    for (size_t t = 0; t < dead.size(); ++t) new_id[t] = dead[t] ? UINT32_MAX : next++;
    // In place: a kept triangle's new slot is never after its old one, and every slot is read
    // before anything is written to it, so no fresh 12 MB array is faulted in per removal.
    for (size_t t = 0; t < dead.size(); ++t) {
        if (dead[t]) continue;
        for (uint32_t i = 0; i < 3; ++i) {
            uint32_t o = opposites[3 * t + i];
            if (o != kBoundaryEdge && o != kNonManifoldEdge) {
                o = dead[o / 3] ? kBoundaryEdge : 3 * new_id[o / 3] + o % 3;
            }
            opposites[3 * size_t{new_id[t]} + i] = o;
        }
    }
    opposites.resize(size_t{next} * 3);
}

}  // namespace intake::mesh
