// `intake mesh ...` through the real binary: exit codes, stdout JSON, nothing written on failure.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "malformed_cases.h"
#include "mesh/mesh_io.h"
#include "synthetic_arch.h"
#include "test_paths.h"
#include "tests/support/cli_runner.h"

namespace intake::mesh {
namespace {

namespace fs = std::filesystem;

const std::string kIntake = INTAKE_BINARY_DIR "/station/cli/intake";

using ::intake::test::CliRun;

// Every argument quoted for the shell; `scratch` takes the runner's stdin/stderr files.
CliRun intake(const std::vector<std::string>& args, const fs::path& scratch) {
    std::string line;
    for (const std::string& a : args) line += ' ' + ::intake::test::shell_quote(a);
    return ::intake::test::run_intake(line, scratch);
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST(MeshCli, EveryMalformedFileExitsThreeAndWritesNothing) {
    ASSERT_TRUE(fs::exists(kIntake)) << kIntake;
    fs::path dir = test::fresh_dir("cli_malformed");
    fs::path scratch = test::fresh_dir("cli_malformed_scratch");
    auto cases = test::malformed_cases();
    ASSERT_GE(cases.size(), 30u);
    for (const auto& c : cases) {
        fs::path in = dir / c.file_name;
        std::ofstream(in, std::ios::binary) << c.bytes;
        fs::path out = dir / "out.ply", report = dir / "report.json";
        CliRun clean =
            intake({"mesh", "clean", in.string(), "-o", out.string(), "--report", report.string()},
                   scratch);
        EXPECT_EQ(clean.code, 3) << c.file_name;
        EXPECT_NE(clean.err.find(c.file_name), std::string::npos) << clean.err;
        EXPECT_FALSE(fs::exists(out)) << c.file_name;
        EXPECT_FALSE(fs::exists(report)) << c.file_name;
        EXPECT_EQ(intake({"mesh", "info", in.string(), "--json"}, scratch).code, 3) << c.file_name;
        EXPECT_EQ(intake({"mesh", "check", in.string()}, scratch).code, 3) << c.file_name;
        fs::remove(in);
    }
    // Nothing may remain: no temporaries, no outputs.
    EXPECT_TRUE(fs::is_empty(dir));
}

TEST(MeshCli, InfoJsonHasTheContractKeys) {
    CliRun run =
        intake({"mesh", "info", test::scan_path("Ref_Upper_Mesh_Tag=0.obj").string(), "--json"},
               test::fresh_dir("cli_info"));
    ASSERT_EQ(run.code, 0) << run.err;
    auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["format"], "obj");
    EXPECT_EQ(j["vertices"], 42644);
    EXPECT_EQ(j["triangles"], 85232);
    EXPECT_EQ(j["components"], 14);
    EXPECT_EQ(j["boundary_loops"], 0);
    EXPECT_TRUE(j.contains("bbox_mm"));
}

TEST(MeshCli, CleanWritesMeshAndReport) {
    fs::path dir = test::fresh_dir("cli_clean");
    Mesh arch = test::make_arch({.debris = 5, .tiny_holes = 3, .large_holes = 1, .seam = true});
    ASSERT_TRUE(write_mesh(dir / "raw.ply", arch));
    CliRun run =
        intake({"mesh", "clean", (dir / "raw.ply").string(), "-o", (dir / "clean.stl").string(),
                "--report", (dir / "r.json").string(), "--min-island-area", "5",
                "--max-fill-perimeter", "3", "--border-min-perimeter", "30"},
               dir);
    ASSERT_EQ(run.code, 0) << run.err;
    auto report = nlohmann::json::parse(slurp(dir / "r.json"));
    EXPECT_EQ(report["removed"]["islands"], 5);
    EXPECT_EQ(report["holes"]["filled"], 3);
    EXPECT_EQ(report["holes"]["voids"].size(), 1u);
    EXPECT_EQ(report["borders"], 1);
    auto cleaned = read_mesh(dir / "clean.stl");
    ASSERT_TRUE(cleaned);
    EXPECT_EQ(cleaned->mesh.triangles.size(), report["output"]["triangles"].get<size_t>());
}

TEST(MeshCli, CleanComputesVertexNormalsOnlyForFormatsThatKeepThem) {
    fs::path dir = test::fresh_dir("cli_normals");
    Mesh arch = test::make_arch({.along = 40, .across = 20});
    ASSERT_TRUE(write_mesh(dir / "raw.stl", arch));
    for (const char* ext : {".stl", ".ply"}) {
        fs::path out = dir / (std::string("clean") + ext);
        fs::path report = dir / (std::string("report") + ext + ".json");
        CliRun run = intake({"mesh", "clean", (dir / "raw.stl").string(), "-o", out.string(),
                             "--report", report.string()},
                            dir);
        ASSERT_EQ(run.code, 0) << run.err;
        auto timings = nlohmann::json::parse(slurp(report))["timings_ms"];
        auto cleaned = read_mesh(out);
        ASSERT_TRUE(cleaned);
        if (std::string(ext) == ".stl") {
            EXPECT_FALSE(timings.contains("normals")) << "STL keeps facet normals only";
        } else {
            EXPECT_TRUE(timings.contains("normals"));
            EXPECT_EQ(cleaned->mesh.normals.size(), cleaned->mesh.positions.size());
        }
    }
}

TEST(MeshCli, CheckExitsOneOnlyWhenTheVerdictFails) {
    fs::path dir = test::fresh_dir("cli_check");
    ASSERT_TRUE(write_mesh(dir / "void.ply", test::make_arch({.large_holes = 1})));
    ASSERT_TRUE(write_mesh(dir / "debris.stl", test::make_arch({.debris = 3})));
    CliRun failing = intake({"mesh", "check", (dir / "void.ply").string(), "--json"}, dir);
    EXPECT_EQ(failing.code, 1);
    EXPECT_EQ(nlohmann::json::parse(failing.out)["verdict"], "fail");
    CliRun warning = intake({"mesh", "check", (dir / "debris.stl").string(), "--json"}, dir);
    EXPECT_EQ(warning.code, 0);
    EXPECT_EQ(nlohmann::json::parse(warning.out)["verdict"], "warn");
    CliRun real =
        intake({"mesh", "check", test::scan_path("Ref_Upper_Mesh_Tag=1.obj").string()}, dir);
    EXPECT_EQ(real.code, 0);
}

TEST(MeshCli, UsageErrorsExitTwo) {
    fs::path dir = test::fresh_dir("cli_usage");
    std::string arch = test::scan_path("Ref_Upper_Mesh_Tag=0.obj").string();
    EXPECT_EQ(intake({"mesh", "clean", arch}, dir).code, 2);  // no -o
    EXPECT_EQ(
        intake({"mesh", "clean", arch, "-o", (dir / "x.stl").string(), "--min-island-area", "-3"},
               dir)
            .code,
        2);
    // A missing input file is unreadable input: exit 3, like a malformed one.
    EXPECT_EQ(intake({"mesh", "info", (dir / "missing.stl").string()}, dir).code, 3);
}

}  // namespace
}  // namespace intake::mesh
