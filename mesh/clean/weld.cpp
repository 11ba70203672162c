// Grid hashing with cells 8x the tolerance: a vertex only has to look into a neighbouring cell
// when it lies within the tolerance of that cell's face, so most vertices probe one cell.
// Vertices are visited in order and join the first earlier representative within reach,
// which makes the result deterministic and idempotent (no two representatives are in reach).
#include "mesh/clean/weld.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace intake::mesh {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

struct CellKey {
    int64_t x, y, z;
    bool operator==(const CellKey&) const = default;
};

uint64_t hash_cell(const CellKey& k) {
    uint64_t h = static_cast<uint64_t>(k.x) * 0x9E3779B97F4A7C15ull;
    h ^= static_cast<uint64_t>(k.y) * 0xC2B2AE3D27D4EB4Full + (h >> 31);
    h ^= static_cast<uint64_t>(k.z) * 0x165667B19E3779F9ull + (h >> 29);
    return h ^ (h >> 32);
}

class CellTable {
  public:
    explicit CellTable(size_t vertices) {
        size_t cap = std::bit_ceil(vertices * 2 + 16);
        keys_.resize(cap);
        heads_.assign(cap, kNone);
        mask_ = cap - 1;
    }
    // Head of the chain of representatives in this cell (kNone when empty).
    uint32_t& head(const CellKey& key, bool create) {
        size_t slot = hash_cell(key) & mask_;
        while (heads_[slot] != kNone) {
            if (keys_[slot] == key) return heads_[slot];
            slot = (slot + 1) & mask_;
        }
        if (!create) return dummy_;
        keys_[slot] = key;
        return heads_[slot];
    }

  private:
    std::vector<CellKey> keys_;
    std::vector<uint32_t> heads_;
    size_t mask_ = 0;
    uint32_t dummy_ = kNone;
};

}  // namespace

size_t weld_vertices(Mesh& mesh, double tolerance_mm) {
    const size_t n = mesh.positions.size();
    if (n == 0 || tolerance_mm <= 0) return 0;
    const double cell = tolerance_mm * 8.0;
    const double tol2 = tolerance_mm * tolerance_mm;
    CellTable table(n);
    std::vector<uint32_t> next(n, kNone);  // chain of representatives in one cell
    std::vector<uint32_t> rep(n);
    size_t merged = 0;
    for (uint32_t v = 0; v < n; ++v) {
        const Vec3& p = mesh.positions[v];
        double c[3] = {p.x / cell, p.y / cell, p.z / cell};
        int64_t base[3];
        int step[3];
        for (int a = 0; a < 3; ++a) {
            base[a] = static_cast<int64_t>(std::floor(c[a]));
            double frac = c[a] - static_cast<double>(base[a]);
            step[a] = frac < 0.125 ? -1 : (frac > 0.875 ? 1 : 0);
        }
        uint32_t found = kNone;
        for (int dx = 0; dx <= (step[0] != 0) && found == kNone; ++dx) {
            for (int dy = 0; dy <= (step[1] != 0) && found == kNone; ++dy) {
                for (int dz = 0; dz <= (step[2] != 0) && found == kNone; ++dz) {
                    CellKey key{base[0] + dx * step[0], base[1] + dy * step[1],
                                base[2] + dz * step[2]};
                    for (uint32_t r = table.head(key, false); r != kNone; r = next[r]) {
                        const Vec3& q = mesh.positions[r];
                        double ex = p.x - q.x, ey = p.y - q.y, ez = p.z - q.z;
                        if (ex * ex + ey * ey + ez * ez <= tol2) {
                            found = r;
                            break;
                        }
                    }
                }
            }
        }
        if (found != kNone) {
            rep[v] = found;
            ++merged;
            continue;
        }
        rep[v] = v;
        uint32_t& head = table.head({base[0], base[1], base[2]}, true);
        next[v] = head;
        head = v;
    }
    if (merged == 0) return 0;
    for (Triangle& t : mesh.triangles) {
        for (uint32_t& i : t) i = rep[i];
    }
    return merged;
}

}  // namespace intake::mesh
