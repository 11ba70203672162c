// parallel_for: split [0, n) into chunks handed out to a few std::threads. The kiosk has two
// cores; nearest-surface queries are independent, so this is where the second core pays.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace intake::mesh {

inline unsigned analysis_thread_count() {
    const unsigned hw = std::thread::hardware_concurrency();
    return std::clamp(hw == 0 ? 2u : hw, 1u, 8u);
}

// fn(begin, end) runs on chunks of at most `grain` items; chunks are claimed dynamically so an
// uneven workload (queries far from the surface cost more) still balances. fn must not throw.
template <typename Fn>
void parallel_for(size_t n, Fn&& fn, size_t grain = 2048) {
    const unsigned threads = analysis_thread_count();
    if (n <= grain || threads == 1) {
        if (n > 0) fn(size_t{0}, n);
        return;
    }
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (;;) {
            const size_t begin = next.fetch_add(grain);
            if (begin >= n) return;
            fn(begin, std::min(n, begin + grain));
        }
    };
    std::vector<std::thread> pool;
    const size_t extra = std::min<size_t>(threads - 1, (n + grain - 1) / grain - 1);
    pool.reserve(extra);
    for (size_t i = 0; i < extra; ++i) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
}

}  // namespace intake::mesh
