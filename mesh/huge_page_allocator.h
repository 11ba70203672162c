// An allocator for the big hash tables of the STL reader and the weld (4-16 MB, probed at
// random): blocks of 2 MB and more are 2 MB-aligned mappings of their own, marked for
// transparent huge pages, so a probe does not also miss the TLB and walk the page tables. Without
// it the prefetched probes of the STL reader stalled on page walks (the kernel here gives huge
// pages to madvise'd memory only). Smaller blocks come from operator new as usual.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace intake::mesh {

template <typename T>
struct HugePageAllocator {
    using value_type = T;
    static constexpr size_t kHugePage = size_t{2} << 20;

    static constexpr size_t round_up(size_t bytes) {
        return (bytes + kHugePage - 1) & ~(kHugePage - 1);
    }

    HugePageAllocator() = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U>&) {}

    T* allocate(size_t n) {
        if (n > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
        size_t bytes = n * sizeof(T);
        if (bytes < kHugePage) return static_cast<T*>(::operator new(bytes));
        // A mapping of its own, not malloc's: whether malloc serves a block from a fresh
        // mapping or from its heap (where the hint may not cover it) depends on what was freed
        // before, and a table that missed huge pages took 9x the page faults.
        const size_t rounded = round_up(bytes);
        void* raw = ::mmap(nullptr, rounded + kHugePage, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) throw std::bad_alloc();
        auto* start = static_cast<char*>(raw);
        char* aligned = reinterpret_cast<char*>(round_up(reinterpret_cast<uintptr_t>(start)));
        if (aligned > start) ::munmap(start, static_cast<size_t>(aligned - start));
        const size_t tail = static_cast<size_t>(start + rounded + kHugePage - (aligned + rounded));
        if (tail > 0) ::munmap(aligned + rounded, tail);
        ::madvise(aligned, rounded, MADV_HUGEPAGE);  // a hint: without THP it is ordinary memory
        return reinterpret_cast<T*>(aligned);
    }
    void deallocate(T* p, size_t n) {
        if (n * sizeof(T) < kHugePage) {
            ::operator delete(p);
        } else {
            ::munmap(p, round_up(n * sizeof(T)));
        }
    }
    template <typename U>
    bool operator==(const HugePageAllocator<U>&) const {
        return true;
    }
};

}  // namespace intake::mesh
