// `intake --version`: the build (git describe) and the versions of the formats it writes.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "station/package/manifest.h"
#include "station/record/store.h"
#include "tests/support/cli_runner.h"

TEST(Version, NamesTheBuildAndTheSchemaVersions) {
    const auto scratch = std::filesystem::temp_directory_path() / "intake-version-test";
    std::filesystem::create_directories(scratch);
    auto run = intake::test::run_intake("--version", scratch);
    EXPECT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(run.out.rfind("intake ", 0), 0u) << run.out;
    EXPECT_NE(run.out.find(" ("), std::string::npos) << "no git describe: " << run.out;
    EXPECT_NE(run.out.find("package manifest schema " +
                           std::to_string(intake::package::kManifestSchemaVersion)),
              std::string::npos)
        << run.out;
    EXPECT_NE(
        run.out.find("station database schema " + std::to_string(intake::record::kSchemaVersion)),
        std::string::npos)
        << run.out;
    std::filesystem::remove_all(scratch);
}
