// Command-line options every benchmark shares, and the exit-code rule: a benchmark whose outputs
// disagree (or whose own checks fail) exits 1; bad usage exits 2.
#pragma once

#include <string>
#include <vector>

namespace intake::bench {

struct Options {
    bool quick = false;             // small inputs, one run per side: the output checks, for CI
    int runs = 5;                   // per side; odd and >= 5 unless quick
    std::vector<std::string> rest;  // arguments the benchmark interprets itself
};

// Parses --quick and --runs N; anything else goes to `rest`. Prints the usage problem and
// exits 2 on an even or too small --runs, so no comparison ever runs on an unfair count.
Options parse_options(int argc, char** argv);

// The load average and core count, printed at the top of every benchmark: figures taken on a
// loaded machine are not comparable to idle ones.
void print_machine();

class Checks {
  public:
    // Records (and prints) a failed check; the benchmark still finishes and reports.
    void expect(bool ok, const std::string& what);
    int failures() const { return failures_; }
    // 0 when every check passed, 1 otherwise; prints the count either way.
    int exit_code() const;

  private:
    int failures_ = 0;
};

}  // namespace intake::bench
