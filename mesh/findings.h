// Findings shared by clean and check: each adds a sentence a nurse can act on, and the worst
// one decides the verdict (base/verdict.h).
#pragma once

#include <string>
#include <vector>

#include "base/verdict.h"
#include "mesh/clean/holes.h"

namespace intake::mesh {

class Findings {
  public:
    void warn(std::string reason) { add(Verdict::warn, std::move(reason)); }
    void fail(std::string reason) { add(Verdict::fail, std::move(reason)); }
    Verdict verdict() const { return verdict_; }
    std::vector<std::string>& reasons() { return reasons_; }

  private:
    void add(Verdict level, std::string reason) {
        verdict_ = worst(verdict_, level);
        reasons_.push_back(std::move(reason));
    }
    Verdict verdict_ = Verdict::pass;
    std::vector<std::string> reasons_;
};

// "%.1f" without iostreams.
std::string fixed1(double v);

// The findings clean and check share: units, arch size, voids, triangle budget.
void judge_common(Findings& findings, const std::string& units, double scale, bool converted,
                  double width_mm, const std::vector<VoidReport>& voids, size_t triangles,
                  size_t budget);

}  // namespace intake::mesh
