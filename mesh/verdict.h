// Verdict bookkeeping shared by clean and check: the worst level wins, every finding adds a
// sentence a nurse can act on.
#pragma once

#include <string>
#include <vector>

#include "mesh/clean/holes.h"

namespace intake::mesh {

class Verdict {
  public:
    void warn(std::string reason) { add(1, std::move(reason)); }
    void fail(std::string reason) { add(2, std::move(reason)); }
    std::string level() const { return level_ == 0 ? "pass" : level_ == 1 ? "warn" : "fail"; }
    std::vector<std::string>& reasons() { return reasons_; }

  private:
    void add(int level, std::string reason) {
        level_ = std::max(level_, level);
        reasons_.push_back(std::move(reason));
    }
    int level_ = 0;
    std::vector<std::string> reasons_;
};

// "%.1f" without iostreams.
std::string fixed1(double v);

// The findings clean and check share: units, arch size, voids, triangle budget.
void judge_common(Verdict& verdict, const std::string& units, double scale, bool converted,
                  double width_mm, const std::vector<VoidReport>& voids, size_t triangles,
                  size_t budget);

}  // namespace intake::mesh
