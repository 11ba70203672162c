#include "compare.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace intake::bench {

namespace {

double cpu_ms_of(int who) {
    struct rusage u {};
    getrusage(who, &u);
    return (double(u.ru_utime.tv_sec) + double(u.ru_stime.tv_sec)) * 1000.0 +
           (double(u.ru_utime.tv_usec) + double(u.ru_stime.tv_usec)) / 1000.0;
}

double cpu_now_ms() { return cpu_ms_of(RUSAGE_SELF) + cpu_ms_of(RUSAGE_CHILDREN); }

}  // namespace

Timing measure(const std::function<void()>& fn) {
    const double cpu0 = cpu_now_ms();
    const auto start = std::chrono::steady_clock::now();
    fn();
    Timing t;
    t.wall_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    t.cpu_ms = cpu_now_ms() - cpu0;
    return t;
}

Spread spread(std::vector<double> values) {
    if (values.empty()) return {};
    std::sort(values.begin(), values.end());
    return {values.front(), values[values.size() / 2], values.back()};
}

std::vector<Samples> run_interleaved(int runs, const std::vector<Side>& sides) {
    std::vector<Samples> out(sides.size());
    for (size_t s = 0; s < sides.size(); ++s) out[s].name = sides[s].name;
    for (size_t s = 0; runs > 1 && s < sides.size(); ++s) {
        if (sides[s].setup) sides[s].setup();
        sides[s].body();
        if (sides[s].teardown) sides[s].teardown();
    }
    for (int round = 0; round < runs; ++round) {
        for (size_t k = 0; k < sides.size(); ++k) {
            const size_t s = (size_t(round) + k) % sides.size();
            if (sides[s].setup) sides[s].setup();
            const Timing t = measure(sides[s].body);
            if (sides[s].teardown) sides[s].teardown();
            out[s].wall_ms.push_back(t.wall_ms);
            out[s].cpu_ms.push_back(t.cpu_ms);
        }
    }
    return out;
}

Ratio ratio(const Samples& ours, const Samples& theirs) {
    return {theirs.wall().median / ours.wall().median, theirs.cpu().median / ours.cpu().median};
}

void print_comparison(const std::string& title, const std::vector<Samples>& samples) {
    if (samples.empty()) return;
    std::printf("%s (%zu runs each, interleaved)\n", title.c_str(), samples[0].wall_ms.size());
    std::printf("  %-28s %31s   %31s\n", "", "wall ms: min / median / max",
                "cpu ms: min / median / max");
    for (const Samples& s : samples) {
        const Spread w = s.wall(), c = s.cpu();
        std::printf("  %-28s %9.1f / %9.1f / %9.1f   %9.1f / %9.1f / %9.1f\n", s.name.c_str(),
                    w.min, w.median, w.max, c.min, c.median, c.max);
    }
    for (size_t i = 1; i < samples.size(); ++i) {
        const Ratio r = ratio(samples[0], samples[i]);
        std::printf("  ratio %s / %s: %.2fx wall, %.2fx cpu (medians)\n", samples[i].name.c_str(),
                    samples[0].name.c_str(), r.wall, r.cpu);
    }
}

}  // namespace intake::bench
