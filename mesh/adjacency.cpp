#include "mesh/adjacency.h"

#include <thread>

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

VertexFaces build_vertex_faces(const Mesh& mesh) {
    VertexFaces vf;
    size_t n = mesh.positions.size();
    vf.offsets.assign(n + 1, 0);
    for (const Triangle& t : mesh.triangles) {
        ++vf.offsets[t[0] + 1];
        ++vf.offsets[t[1] + 1];
        ++vf.offsets[t[2] + 1];
    }
    for (size_t v = 0; v < n; ++v) vf.offsets[v + 1] += vf.offsets[v];
    vf.faces.resize(vf.offsets[n]);
    std::vector<uint32_t> cursor(vf.offsets.begin(), vf.offsets.end() - 1);
    for (uint32_t f = 0; f < mesh.triangles.size(); ++f) {
        for (uint32_t v : mesh.triangles[f]) vf.faces[cursor[v]++] = f;
    }
    return vf;
}

namespace {

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
    for (size_t k = 0; k < n; ++k) {
        uint32_t found = kBoundaryEdge;
        for (size_t j = 0; j < n; ++j) {
            if (j == k) continue;
            if (in_b[j] == out_b[k]) found = found == kBoundaryEdge ? in_h[j] : kNonManifoldEdge;
            if (out_b[j] == out_b[k]) found = found == kBoundaryEdge ? out_h[j] : kNonManifoldEdge;
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

std::vector<uint32_t> remap_opposites(const std::vector<uint32_t>& opposites,
                                      const std::vector<uint8_t>& dead) {
    std::vector<uint32_t> new_id(dead.size());
    uint32_t next = 0;
    for (size_t t = 0; t < dead.size(); ++t) new_id[t] = dead[t] ? UINT32_MAX : next++;
    std::vector<uint32_t> out(size_t{next} * 3);
    for (size_t t = 0; t < dead.size(); ++t) {
        if (dead[t]) continue;
        for (uint32_t i = 0; i < 3; ++i) {
            uint32_t o = opposites[3 * t + i];
            if (o != kBoundaryEdge && o != kNonManifoldEdge) {
                o = dead[o / 3] ? kBoundaryEdge : 3 * new_id[o / 3] + o % 3;
            }
            out[3 * size_t{new_id[t]} + i] = o;
        }
    }
    return out;
}

}  // namespace intake::mesh
