// A fresh, empty, owner-only folder under the system temp dir (mkdtemp: unique even across
// parallel ctest processes), removed with everything in it by the destructor. The one scratch
// folder every module's tests use.
#pragma once

#include <filesystem>
#include <string>

namespace intake::test {

class TempDir {
  public:
    // `prefix` names the folder (intake-<prefix>-XXXXXX) so a leftover says whose it was.
    explicit TempDir(const std::string& prefix = "test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace intake::test
