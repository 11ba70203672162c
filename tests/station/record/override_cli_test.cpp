// Attacks on the CLI's gate override (label `security`): no --by, an assistant, a wrong PIN; and
// the override that goes through names the clinician in qa-report.json and in the audit log.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "station/package/package_reader.h"
#include "tests/support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using intake::test::CliRun;

class OverrideCli : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("intake-override-cli-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    CliRun run(const std::string& args, const std::string& stdin_text = "") {
        return intake::test::run_intake(args, dir_, {.home = dir_, .stdin_text = stdin_text});
    }
    // The testdata lacks the pack's bite scan and extraoral views: the gate fails.
    std::string build(const std::string& extra) {
        const fs::path src = INTAKE_SOURCE_DIR, data = INTAKE_TESTDATA_DIR;
        return "package build --case '" + (src / "station/rules/demo/case.json").string() +
               "' --rx '" + (src / "station/rules/demo/rx.json").string() +
               "' --scan 'upper=" + (data / "scans/Ref_Upper_Mesh_Tag=0.obj").string() +
               "' --scan 'lower=" + (data / "scans/Ref_Lower_Mesh_Tag=0.obj").string() +
               "' --created-at 2026-11-23T13:00:00Z -o '" + (dir_ / "p.zip").string() +
               "' --override-reason 'bite registration sent by post' " + extra;
    }
    fs::path dir_;
};

TEST_F(OverrideCli, OnlyAnAuthenticatedClinicianOverridesAndIsNamed) {
    ASSERT_EQ(run("user add dr-lee --name 'Dr Lee' --role clinician --pin-stdin", "135790\n").code,
              0);
    ASSERT_EQ(
        run("user add amy --name Amy --role assistant --pin-stdin --by dr-lee", "246810\n135790\n")
            .code,
        0);
    EXPECT_EQ(run(build("")).code, 2) << "an override names who makes it";
    CliRun assistant = run(build("--by amy"), "246810\n");
    EXPECT_EQ(assistant.code, 4);
    EXPECT_NE(assistant.err.find("gate.override takes a clinician"), std::string::npos)
        << assistant.err;
    CliRun wrong = run(build("--by dr-lee"), "000000\n");
    EXPECT_EQ(wrong.code, 4);
    EXPECT_FALSE(fs::exists(dir_ / "p.zip"));
    CliRun built = run(build("--by dr-lee"), "135790\n");
    ASSERT_EQ(built.code, 0) << built.err;
    auto package = intake::package::read_package(dir_ / "p.zip");
    ASSERT_TRUE(package) << package.error().message;
    const auto& bytes = package->files.at("qa-report.json");
    const auto qa = nlohmann::json::parse(
        std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    EXPECT_EQ(qa["gate"]["override_by"], "dr-lee");
    const auto log = nlohmann::json::parse(run("audit list").out);
    int overrides = 0, denials = 0;
    for (const auto& e : log) {
        if (e["action"] == "gate.override") overrides += e["actor"] == "dr-lee";
        if (e["action"] == "access.denied") denials += e["actor"] == "amy";
    }
    EXPECT_EQ(overrides, 1);
    EXPECT_EQ(denials, 1) << "the assistant's attempt is on record";
}

// `--by` with a made-up id: counted like a real one across separate `intake` processes (each
// opens the store afresh), locked after five, in the same words as a real user's lockout, so the
// CLI tells no ids apart and cannot be used to guess PINs without limit.
TEST_F(OverrideCli, AMadeUpByIdIsLockedOutAcrossCommandsLikeARealOne) {
    ASSERT_EQ(run("user add dr-lee --name 'Dr Lee' --role clinician --pin-stdin", "135790\n").code,
              0);
    for (const std::string id : {"dr-lee", "nobody.here"}) {
        for (int i = 0; i < 5; ++i) {
            CliRun wrong = run("user disable amy --by " + id, "000000\n");
            EXPECT_EQ(wrong.code, 4) << id;
            EXPECT_NE(wrong.err.find("sign-in refused: unknown user or wrong PIN"),
                      std::string::npos)
                << wrong.err;
        }
        CliRun locked = run("user disable amy --by " + id, "135790\n");
        EXPECT_EQ(locked.code, 4) << id;
        EXPECT_NE(locked.err.find("sign-in refused: " + id + " is locked for "), std::string::npos)
            << locked.err;
        EXPECT_NE(locked.err.find(" more seconds after 5 wrong PINs"), std::string::npos)
            << locked.err;
        CliRun sign_in = run("user sign-in " + id + " --pin-stdin", "135790\n");
        EXPECT_EQ(sign_in.code, 1) << id;
        EXPECT_NE(sign_in.err.find(" is locked for "), std::string::npos) << sign_in.err;
    }
}

}  // namespace
