// Union-find over dense ids with path halving and union by index (the smaller id becomes the
// root, which keeps labels deterministic). Used for components and islands.
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace intake::mesh {

class UnionFind {
  public:
    explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }

    uint32_t find(uint32_t x) {
        while (parent_[x] != x) {
            parent_[x] = parent_[parent_[x]];
            x = parent_[x];
        }
        return x;
    }
    void unite(uint32_t a, uint32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (a < b) std::swap(a, b);
        parent_[a] = b;
    }
    // Dense labels 0..count-1 in order of each set's smallest member.
    std::vector<uint32_t> labels(uint32_t* count) {
        std::vector<uint32_t> label(parent_.size());
        uint32_t next = 0;
        for (uint32_t i = 0; i < parent_.size(); ++i) {
            uint32_t root = find(i);
            label[i] = root == i ? next++ : label[root];
        }
        if (count != nullptr) *count = next;
        return label;
    }

  private:
    std::vector<uint32_t> parent_;
};

}  // namespace intake::mesh
