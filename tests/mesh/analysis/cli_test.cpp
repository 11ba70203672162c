// `intake mesh bite` and `intake mesh compare` through the real binary: exit codes, JSON keys,
// error messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "arch_fixtures.h"
#include "tests/support/cli_runner.h"

namespace intake::mesh {
namespace {

namespace fs = std::filesystem;

using ::intake::test::CliRun;

class AnalysisCli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("intake_analysis_cli_" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& name, const Mesh& mesh) {
        const fs::path path = dir_ / name;
        const Status st = write_mesh(path, mesh);
        EXPECT_TRUE(st.has_value()) << (st ? "" : st.error().message);
        return path.string();
    }
    std::string quoted(const std::string& s) { return ::intake::test::shell_quote(s); }
    CliRun intake(const std::string& args) { return ::intake::test::run_intake(args, dir_); }
    fs::path dir_;
};

TEST_F(AnalysisCli, BiteWithContactOnBothSidesExitsZeroWithTheContractKeys) {
    const Mesh upper = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    const std::string lower =
        write("lower.ply", testing::mirrored_y(upper, testing::min_y(upper) + 1.5));
    const CliRun run =
        intake("mesh bite " + quoted(testing::scan_path("Ref_Upper_Mesh_Tag=0.obj")) + " " +
               quoted(lower) + " --json");
    ASSERT_EQ(run.code, 0) << run.err;
    const auto j = nlohmann::json::parse(run.out);
    for (const char* segment : {"anterior", "left_posterior", "right_posterior"}) {
        ASSERT_TRUE(j["contacts"].contains(segment)) << segment;
        EXPECT_TRUE(j["contacts"][segment]["contact"].get<bool>()) << segment;
    }
    EXPECT_GT(j["max_penetration_mm"].get<double>(), 0.3);
    EXPECT_EQ(j["verdict"], "bite registered on both sides");
    ASSERT_TRUE(j["reasons"].is_array());
    EXPECT_FALSE(j["reasons"].empty());  // the penetration is flagged
}

TEST_F(AnalysisCli, OpenBiteExitsOneAndSaysWhatIsMissing) {
    const Mesh upper = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    const std::string up = write("upper.stl", upper);
    const std::string lo =
        write("lower.stl", testing::mirrored_y(upper, testing::min_y(upper) - 1.0));
    const CliRun json_run = intake("mesh bite " + quoted(up) + " " + quoted(lo) + " --json");
    EXPECT_EQ(json_run.code, 1) << json_run.err;
    const auto j = nlohmann::json::parse(json_run.out);
    EXPECT_EQ(j["verdict"].get<std::string>().rfind("bite not registered", 0), 0u);
    EXPECT_EQ(j["reasons"].size(), 3u);
    const CliRun text_run = intake("mesh bite " + quoted(up) + " " + quoted(lo));
    EXPECT_EQ(text_run.code, 1);
    EXPECT_NE(text_run.out.find("bite not registered"), std::string::npos);
}

TEST_F(AnalysisCli, CompareReportsTheMovedToothWithTheContractKeys) {
    const Mesh before = testing::load_arch("Ref_Upper_Mesh_Tag=0.obj");
    uint32_t count = 0;
    const auto labels = label_components(before, &count);
    Mesh after = before;
    testing::displace_component(after, labels, 5, {0, 0.5, 0});
    const std::string after_path = write("after.ply", transformed(after, testing::random_rigid(8)));
    const CliRun run =
        intake("mesh compare " + quoted(testing::scan_path("Ref_Upper_Mesh_Tag=0.obj")) + " " +
               quoted(after_path) + " --json");
    ASSERT_EQ(run.code, 0) << run.err;
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_LE(j["registration_rms_mm"].get<double>(), 0.02);
    EXPECT_NEAR(j["max_deviation_mm"].get<double>(), 0.5, 0.05);
    ASSERT_EQ(j["transform"].size(), 16u);
    EXPECT_DOUBLE_EQ(j["transform"][15].get<double>(), 1.0);
    ASSERT_EQ(j["regions"].size(), 5u);
    for (const auto& r : j["regions"]) {
        EXPECT_TRUE(r.contains("name") && r.contains("mean_mm") && r.contains("max_mm"));
    }
    ASSERT_EQ(j["per_component"].size(), count);
    int moved = 0;
    for (const auto& c : j["per_component"]) {
        ASSERT_TRUE(c.contains("component") && c.contains("centroid") && c.contains("direction"));
        EXPECT_EQ(c["centroid"].size(), 3u);
        if (c["displacement_mm"].get<double>() > 0.3) {
            ++moved;
            EXPECT_EQ(c["before_component"].get<int>(), 5);
            EXPECT_NEAR(c["direction"][1].get<double>(), 1.0, 0.02);
        }
    }
    EXPECT_EQ(moved, 1);
}

TEST_F(AnalysisCli, UnreadableInputExitsThreeAndNamesTheFile) {
    const fs::path garbage = dir_ / "garbage.stl";
    std::ofstream(garbage) << "this is not a mesh";
    const std::string good = quoted(testing::scan_path("Ref_Upper_Mesh_Tag=0.obj"));
    const CliRun missing =
        intake("mesh compare " + good + " " + quoted((dir_ / "nope.ply").string()));
    EXPECT_EQ(missing.code, 3);
    EXPECT_NE(missing.err.find("nope.ply"), std::string::npos) << missing.err;
    const CliRun bad = intake("mesh bite " + quoted(garbage.string()) + " " + good + " --json");
    EXPECT_EQ(bad.code, 3);
    EXPECT_NE(bad.err.find("garbage.stl"), std::string::npos) << bad.err;
    EXPECT_TRUE(bad.out.empty());
}

TEST_F(AnalysisCli, MissingArgumentIsAUsageError) {
    EXPECT_EQ(intake("mesh bite " + quoted(testing::scan_path("Ref_Upper_Mesh_Tag=0.obj"))).code,
              2);
    EXPECT_EQ(intake("mesh compare").code, 2);
}

}  // namespace
}  // namespace intake::mesh
