#include "options.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace intake::bench {

Options parse_options(int argc, char** argv) {
    Options o;
    bool runs_given = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) {
            o.quick = true;
        } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            o.runs = std::atoi(argv[++i]);
            runs_given = true;
        } else {
            o.rest.emplace_back(argv[i]);
        }
    }
    if (o.quick && !runs_given) o.runs = 1;
    if (!o.quick && (o.runs < 5 || o.runs % 2 == 0)) {
        std::fprintf(stderr, "%s: --runs must be odd and at least 5 (got %d)\n", argv[0], o.runs);
        std::exit(2);
    }
    return o;
}

void print_machine() {
    double load[3] = {0, 0, 0};
    if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
        std::fclose(f);
    }
    std::printf("machine: %ld cores, load average %.2f %.2f %.2f\n", sysconf(_SC_NPROCESSORS_ONLN),
                load[0], load[1], load[2]);
}

void Checks::expect(bool ok, const std::string& what) {
    if (ok) return;
    std::printf("CHECK FAILED: %s\n", what.c_str());
    ++failures_;
}

int Checks::exit_code() const {
    std::printf("%d failed checks\n", failures_);
    return failures_ == 0 ? 0 : 1;
}

}  // namespace intake::bench
