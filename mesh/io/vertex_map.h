// Merges corners with bit-identical positions while reading triangle soups (STL stores every
// corner of every triangle). A flat open-addressing table of vertex indices: no per-entry
// allocation, one probe sequence per corner, vertices numbered in order of first appearance.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

#include "mesh/huge_page_allocator.h"
#include "mesh/mesh.h"

namespace intake::mesh::io {

class VertexMap {
  public:
    // `expected_vertices` sizes the table for a load of at most 0.6 (it grows past that): a
    // closed scan has about half as many vertices as triangles, and sizing by triangles
    // instead doubled the table, 8 MB more to fault in per million triangles.
    VertexMap(std::vector<Vec3>& positions, size_t expected_vertices) : positions_(positions) {
        size_t capacity = std::bit_ceil(expected_vertices + expected_vertices * 2 / 3 + 16);
        slots_.assign(capacity, Slot{kEmpty, 0});
        mask_ = capacity - 1;
    }

    // Starts loading the slot where `p` is looked up. The table is far larger than the caches,
    // so every lookup is a cache miss; prefetching a few corners ahead overlaps those misses.
    // Always inlined: GCC otherwise finds the out-of-line function free of side effects
    // (pure) and deletes the call together with the prefetch.
    [[gnu::always_inline]] void prefetch(Vec3 p) const {
        __builtin_prefetch(&slots_[hash(normalised_bits(p)) & mask_]);
    }

    uint32_t insert(Vec3 p) {
        p = normalised(p);
        uint64_t h = hash(normalised_bits(p));
        auto tag =
            static_cast<uint32_t>(h >> 32);  // compared first: positions only on a likely hit
        size_t slot = h & mask_;
        for (;;) {
            Slot& s = slots_[slot];
            if (s.index == kEmpty) {
                auto index = static_cast<uint32_t>(positions_.size());
                positions_.push_back(p);
                s = {index, tag};
                if (positions_.size() * 5 > slots_.size() * 3) grow();
                return index;
            }
            if (s.tag == tag) {
                const Vec3& q = positions_[s.index];
                if (q.x == p.x && q.y == p.y && q.z == p.z) return s.index;
            }
            slot = (slot + 1) & mask_;
        }
    }

    struct Bits {
        uint32_t v[3];
    };
    // +0.0f turns -0 into +0 so both zeros merge.
    static Vec3 normalised(Vec3 p) { return {p.x + 0.0f, p.y + 0.0f, p.z + 0.0f}; }
    static Bits normalised_bits(Vec3 p) {
        Bits b;
        p = normalised(p);
        std::memcpy(b.v, &p, sizeof b.v);
        return b;
    }

    static uint64_t hash(const Bits& b) {
        const uint32_t* bits = b.v;
        uint64_t h = bits[0] * 0x9E3779B97F4A7C15ull;
        h ^= (bits[1] + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
        h ^= (bits[2] + 0x165667B19E3779F9ull) * 0x94D049BB133111EBull;
        return h ^ (h >> 29);
    }

  private:
    // Only reached when the caller's estimate was low; keeps the load factor under 0.6.
    void grow() {
        std::vector<Slot, HugePageAllocator<Slot>> old;
        old.swap(slots_);
        slots_.assign(old.size() * 2, Slot{kEmpty, 0});
        mask_ = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.index == kEmpty) continue;
            size_t slot = hash(normalised_bits(positions_[s.index])) & mask_;
            while (slots_[slot].index != kEmpty) slot = (slot + 1) & mask_;
            slots_[slot] = s;
        }
    }

    struct Slot {
        uint32_t index;
        uint32_t tag;
    };
    static constexpr uint32_t kEmpty = UINT32_MAX;
    std::vector<Vec3>& positions_;
    std::vector<Slot, HugePageAllocator<Slot>> slots_;
    size_t mask_ = 0;
};

}  // namespace intake::mesh::io
