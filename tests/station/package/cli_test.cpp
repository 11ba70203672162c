// The intake executable's package, outbox and demo commands: exit codes, stdout JSON, stderr.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "tests/station/package/test_support.h"
#include "tests/support/cli_runner.h"

namespace intake::package {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

using ::intake::test::CliRun;

// Runs intake with --home; the home folder also takes the runner's stdin/stderr files.
CliRun intake(const fs::path& home, const std::string& args) {
    return ::intake::test::run_intake(args, home, {.home = home});
}

// An override needs a clinician of the station: enrol one (the home's first user) and build as
// them, the PIN on stdin.
CliRun intake_as_clinician(const fs::path& home, const std::string& args) {
    ::intake::test::run_intake("user add dr-lee --name 'Dr Lee' --role clinician --pin-stdin", home,
                               {.home = home, .stdin_text = "246810\n"});
    return ::intake::test::run_intake(args + " --by dr-lee", home,
                                      {.home = home, .stdin_text = "246810\n"});
}

std::string build_args(bool with_lower) {
    fs::path src = INTAKE_SOURCE_DIR, data = INTAKE_TESTDATA_DIR;
    std::string a = "package build --case '" + (src / "station/rules/demo/case.json").string() +
                    "' --rx '" + (src / "station/rules/demo/rx.json").string() +
                    "' --scan 'upper=" + (data / "scans/Ref_Upper_Mesh_Tag=0.obj").string() + "'";
    if (with_lower)
        a += " --scan 'lower=" + (data / "scans/Ref_Lower_Mesh_Tag=0.obj").string() + "'";
    const char* views[][2] = {{"intraoral-upper-occlusal", "0-0.png"},
                              {"intraoral-lower-occlusal", "0-1.png"},
                              {"intraoral-left", "0-2.png"},
                              {"intraoral-right", "0-3.png"},
                              {"intraoral-frontal", "0-4.png"}};
    for (auto& v : views)
        a += std::string(" --photo '") + v[0] + "=" + (data / "photos" / v[1]).string() + "'";
    return a + " --created-at 2026-11-23T13:00:00Z";
}

TEST(PackageCli, BuildVerifyExportAndQueue) {
    TempDir d;
    // The testdata series lacks the pack's extraoral views and bite scan: a recorded override.
    auto built = intake_as_clinician(
        d.path(), build_args(true) + " --override-reason 'testdata series, reviewed' -o '" +
                      (d.path() / "p.zip").string() + "'");
    ASSERT_EQ(built.code, 0) << built.err << built.out;
    auto j = nlohmann::json::parse(built.out);
    EXPECT_EQ(j["package_id"].get<std::string>().size(), 64u);
    EXPECT_TRUE(j["gate"]["overridden"].get<bool>());

    auto verified = intake(d.path(), "package verify '" + (d.path() / "p.zip").string() + "'");
    EXPECT_EQ(verified.code, 0) << verified.err;
    EXPECT_TRUE(nlohmann::json::parse(verified.out)["ok"].get<bool>());

    auto dicom = intake(d.path(), "package export-dicom '" + (d.path() / "p.zip").string() + "' '" +
                                      (d.path() / "dcm").string() + "'");
    ASSERT_EQ(dicom.code, 0) << dicom.err;
    EXPECT_TRUE(fs::exists(d.path() / "dcm" / "scan-upper.dcm"));
    EXPECT_TRUE(fs::exists(d.path() / "dcm" / "photo-intraoral-frontal.dcm"));

    auto added = intake(d.path(), "outbox add '" + (d.path() / "p.zip").string() + "'");
    ASSERT_EQ(added.code, 0) << added.err;
    auto status = intake(d.path(), "outbox status --json");
    ASSERT_EQ(status.code, 0);
    auto jobs = nlohmann::json::parse(status.out)["jobs"];
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0]["state"], "queued");
    EXPECT_EQ(jobs[0]["package_id"], j["package_id"]);
}

TEST(PackageCli, GateBlocksWithoutOverrideAndWritesNothing) {
    TempDir d;
    auto out = d.path() / "p.zip";
    auto blocked = intake(d.path(), build_args(false) + " -o '" + out.string() + "'");
    EXPECT_EQ(blocked.code, 1);
    EXPECT_NE(blocked.err.find("scan:lower"), std::string::npos) << blocked.err;
    EXPECT_FALSE(fs::exists(out));
    auto overridden = intake_as_clinician(
        d.path(), build_args(false) +
                      " --override-reason 'lower arch scanned last week, unchanged' -o '" +
                      out.string() + "'");
    EXPECT_EQ(overridden.code, 0) << overridden.err;
    EXPECT_TRUE(fs::exists(out));
}

TEST(PackageCli, VerifyNamesProblemsAndExitCodes) {
    TempDir d;
    auto missing = intake(d.path(), "package verify '" + (d.path() / "none.zip").string() + "'");
    EXPECT_EQ(missing.code, 4);
    std::FILE* f = std::fopen((d.path() / "junk.zip").c_str(), "w");
    std::fputs("junk", f);
    std::fclose(f);
    auto junk = intake(d.path(), "package verify '" + (d.path() / "junk.zip").string() + "'");
    EXPECT_EQ(junk.code, 3);
    EXPECT_NE(junk.err.find("junk.zip"), std::string::npos);
    auto usage = intake(d.path(), "outbox run --endpoint http://lab.example.com/files/ --once");
    EXPECT_EQ(usage.code, 2);
    EXPECT_NE(usage.err.find("loopback"), std::string::npos) << usage.err;
}

TEST(PackageCli, DemoEndsWithAVerifiedPackageInTheLocalInbox) {
    ASSERT_TRUE(test::tus_server_available())
        << "node or the tus server's npm modules are missing: run scripts/setup.sh";
    TempDir d;
    auto demo = intake(d.path(), "demo --out '" + (d.path() / "demo").string() + "'");
    ASSERT_EQ(demo.code, 0) << demo.err << demo.out;
    EXPECT_NE(demo.out.find("6/6 uploaded"), std::string::npos) << demo.out;
    EXPECT_NE(demo.out.find("byte-identical"), std::string::npos);
    auto json = nlohmann::json::parse(demo.out.substr(demo.out.find("\n{") + 1));
    EXPECT_TRUE(json["inbox_copy_identical"].get<bool>());
    EXPECT_TRUE(fs::exists(json["package"].get<std::string>()));
}

}  // namespace
}  // namespace intake::package
