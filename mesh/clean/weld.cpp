// Grid hashing with cells 64x the tolerance: a vertex only has to look into a neighbouring
// cell when it lies within the tolerance of that cell's face (about 5% of vertices per axis),
// so most vertices probe one cell. Cells are packed into 64-bit keys (21 bits per axis), the
// table is a flat open-addressing array. Vertices are visited in order and join the first
// earlier representative within reach: deterministic and idempotent (no two representatives
// are within reach of each other).
#include "mesh/clean/weld.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "mesh/adjacency.h"
#include "mesh/clean/units.h"
#include "mesh/huge_page_allocator.h"

namespace intake::mesh {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr int64_t kAxisCells = int64_t{1} << 21;

uint64_t pack(int64_t x, int64_t y, int64_t z) {
    return (uint64_t(x) << 42) | (uint64_t(y) << 21) | uint64_t(z);
}

uint64_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

// A slot holds a cell's head vertex and 32 bits of the key's hash; a tag match is confirmed
// against keys[head] (the head's own cell), so a slot takes 8 bytes instead of 16: half the
// table to fault in and to miss on.
class CellTable {
  public:
    CellTable(size_t vertices, const std::vector<uint64_t>& keys) : keys_(keys) {
        size_t cap = std::bit_ceil(vertices + vertices / 2 + 16);
        slots_.assign(cap, Slot{0, kNone});
        mask_ = cap - 1;
    }
    // Starts loading the slot `key` probes first: the table outgrows the caches, so a lookup
    // a few vertices ahead overlaps its miss with the current one. Always inlined: GCC drops
    // an out-of-line call to a function it finds free of side effects, prefetch and all.
    [[gnu::always_inline]] void prefetch(uint64_t key) const {
        __builtin_prefetch(&slots_[mix(key) & mask_]);
    }
    // Head of the chain of representatives in this cell; kNone when the cell is empty.
    uint32_t find(uint64_t key) const {
        const uint64_t h = mix(key);
        const auto tag = static_cast<uint32_t>(h >> 32);
        for (size_t s = h & mask_;; s = (s + 1) & mask_) {
            if (slots_[s].head == kNone) return kNone;
            if (slots_[s].tag == tag && keys_[slots_[s].head] == key) return slots_[s].head;
        }
    }
    // Makes `v` (whose cell is `key`) the new head of its cell; returns the previous head.
    uint32_t push(uint64_t key, uint32_t v) {
        const uint64_t h = mix(key);
        const auto tag = static_cast<uint32_t>(h >> 32);
        for (size_t s = h & mask_;; s = (s + 1) & mask_) {
            if (slots_[s].head == kNone) {
                slots_[s] = {tag, v};
                return kNone;
            }
            if (slots_[s].tag == tag && keys_[slots_[s].head] == key) {
                uint32_t old = slots_[s].head;
                slots_[s].head = v;
                return old;
            }
        }
    }

  private:
    struct Slot {
        uint32_t tag;
        uint32_t head;
    };
    const std::vector<uint64_t>& keys_;
    std::vector<Slot, HugePageAllocator<Slot>> slots_;  // probed at random: see the allocator
    size_t mask_ = 0;
};

struct Grid {
    Vec3 origin;
    double inv_cell = 1, edge = 0.125;  // `edge`: fraction of a cell within the tolerance
};

Grid make_grid(const Mesh& mesh, double tolerance) {
    Bounds b = mesh_bounds(mesh);
    auto size = b.size();
    double extent = std::max({size[0], size[1], size[2], tolerance});
    double cell = std::max(tolerance * 64.0, extent / double(kAxisCells - 4));
    return {b.min, 1.0 / cell, tolerance / cell};
}

}  // namespace

size_t weld_vertices(Mesh& mesh, double tolerance_mm) {
    const size_t n = mesh.positions.size();
    if (n == 0 || tolerance_mm <= 0 || mesh.triangles.empty()) return 0;
    const Grid grid = make_grid(mesh, tolerance_mm);
    const double tol2 = tolerance_mm * tolerance_mm;
    // Cell coordinates and which neighbours to probe, in parallel; the merge itself is ordered.
    std::vector<uint64_t> keys(n);
    std::vector<uint8_t> near(n);  // bits 0-2: probe a neighbour on that axis, bits 3-5: which side
    parallel_ranges(n, [&](size_t begin, size_t end) {
        for (size_t v = begin; v < end; ++v) {
            const Vec3& p = mesh.positions[v];
            double c[3] = {(p.x - grid.origin.x) * grid.inv_cell,
                           (p.y - grid.origin.y) * grid.inv_cell,
                           (p.z - grid.origin.z) * grid.inv_cell};
            int64_t i[3];
            uint8_t bits = 0;
            for (int a = 0; a < 3; ++a) {
                i[a] = std::clamp<int64_t>(int64_t(std::floor(c[a])), 1, kAxisCells - 2);
                double frac = c[a] - double(i[a]);
                if (frac < grid.edge) bits |= uint8_t(1u << a);
                if (frac > 1.0 - grid.edge) bits |= uint8_t((1u << a) | (8u << a));
            }
            keys[v] = pack(i[0], i[1], i[2]);
            near[v] = bits;
        }
    });
    CellTable table(n, keys);
    std::vector<uint32_t> next(n, kNone), rep(n);
    size_t merged = 0;
    auto search = [&](uint64_t key, const Vec3& p) {
        for (uint32_t r = table.find(key); r != kNone; r = next[r]) {
            const Vec3& q = mesh.positions[r];
            double ex = p.x - q.x, ey = p.y - q.y, ez = p.z - q.z;
            if (ex * ex + ey * ey + ez * ez <= tol2) return r;
        }
        return kNone;
    };
    constexpr uint32_t kAhead = 16;  // vertices between a slot's prefetch and its lookup
    for (uint32_t v = 0; v < n; ++v) {
        if (v + kAhead < n) table.prefetch(keys[v + kAhead]);
        const Vec3& p = mesh.positions[v];
        uint32_t found = search(keys[v], p);
        for (uint32_t combo = 1; combo < 8 && found == kNone && near[v] != 0; ++combo) {
            if ((combo & near[v]) != combo) continue;  // only axes flagged as near a face
            int64_t d[3];
            for (int a = 0; a < 3; ++a)
                d[a] = (combo >> a & 1) ? ((near[v] >> (3 + a) & 1) ? 1 : -1) : 0;
            uint64_t k = keys[v];
            found = search(pack(int64_t(k >> 42) + d[0], int64_t(k >> 21 & (kAxisCells - 1)) + d[1],
                                int64_t(k & (kAxisCells - 1)) + d[2]),
                           p);
        }
        if (found != kNone) {
            rep[v] = found;
            ++merged;
        } else {
            rep[v] = v;
            next[v] = table.push(keys[v], v);
        }
    }
    if (merged == 0) return 0;
    for (Triangle& t : mesh.triangles) {
        for (uint32_t& i : t) i = rep[i];
    }
    return merged;
}

}  // namespace intake::mesh
