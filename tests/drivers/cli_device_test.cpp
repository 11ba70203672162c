// The `intake device|scan|camera` commands, run as the built executable: exit codes, stdout JSON,
// stderr, and nothing written on failure.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "base/sha256.h"
#include "tests/support/cli_runner.h"

namespace {

namespace fs = std::filesystem;
using intake::test::CliRun;

class CliDevice : public ::testing::Test {
  protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = fs::temp_directory_path() / ("intake-cli-dev-" + std::to_string(rd()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    CliRun run(const std::string& args) { return intake::test::run_intake(args, dir_); }
    fs::path dir_;
};

TEST_F(CliDevice, ListShowsTheSimulatedDevices) {
    CliRun r = run("device list");
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["simulated"].size(), 2U);
    EXPECT_EQ(j["simulated"][0]["kind"], "scan-head");
    EXPECT_EQ(j["simulated"][1]["kind"], "camera");
    EXPECT_TRUE(j["usb"].contains("available"));
}

TEST_F(CliDevice, SimulatedScanWritesTheArchAsBinaryPly) {
    const auto out = dir_ / "upper.ply";
    CliRun r = run("scan --device sim --arch upper -o " + out.string());
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["device"], "simulated scan head");
    EXPECT_EQ(j["head"]["serial"], "SIM-0001");
    auto sha = intake::sha256_file_hex(out);
    ASSERT_TRUE(sha);
    EXPECT_EQ(j["sha256"], sha.value());
    std::ifstream in(out, std::ios::binary);
    std::string head(40, '\0');
    in.read(head.data(), 40);
    EXPECT_EQ(head.rfind("ply\nformat binary_little_endian 1.0", 0), 0U) << head;
    CliRun bite = run("scan --device sim --arch bite -o " + (dir_ / "bite.ply").string());
    ASSERT_EQ(bite.code, 0) << bite.err;
    EXPECT_GT(fs::file_size(dir_ / "bite.ply"), fs::file_size(out));  // both arches
}

TEST_F(CliDevice, UsbScanWithoutAHeadExits4NamingTheDevice) {
    const auto out = dir_ / "none.ply";
    CliRun r = run("scan --device usb --arch lower -o " + out.string());
    EXPECT_EQ(r.code, 4);
    EXPECT_NE(r.err.find("1209:4953"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliDevice, FolderScanTakesTheExportedArch) {
    const auto folder = dir_ / "export";
    fs::create_directories(folder);
    fs::copy_file(fs::path(INTAKE_TESTDATA_DIR) / "scans" / "Ref_Lower_Mesh_Tag=0.obj",
                  folder / "case_l.obj");
    const auto out = dir_ / "lower.ply";
    CliRun r = run("scan --device folder:" + folder.string() + " --arch lower --timeout 20 -o " +
                   out.string());
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::exists(out));
    CliRun none = run("scan --device folder:" + folder.string() + " --arch bite --timeout 1.5 -o " +
                      (dir_ / "bite.ply").string());
    EXPECT_EQ(none.code, 4);
    EXPECT_NE(none.err.find("export folder"), std::string::npos) << none.err;
    EXPECT_NE(none.err.find("no complete bite scan"), std::string::npos) << none.err;
    EXPECT_FALSE(fs::exists(dir_ / "bite.ply"));
}

// The file layout of an iTero Element export: both arch names contain "occlusion"; the manifest
// (and the _u / _l suffix) say which is which, and files already there are taken.
TEST_F(CliDevice, FolderScanTakesBothArchesOfAnITeroExport) {
    const auto folder = dir_ / "itero";
    fs::create_directories(folder);
    for (const auto& entry : fs::directory_iterator(fs::path(INTAKE_TESTDATA_DIR) / "exports" /
                                                    "itero_element_12345")) {
        fs::copy_file(entry.path(), folder / entry.path().filename());
    }
    for (const std::string arch : {"upper", "lower"}) {
        const auto out = dir_ / (arch + ".ply");
        CliRun r = run("scan --device folder:" + folder.string() + " --arch " + arch +
                       " --timeout 20 -o " + out.string());
        ASSERT_EQ(r.code, 0) << r.err;
        auto summary = nlohmann::json::parse(r.out);
        EXPECT_EQ(summary["file"], "12345_shell_occlusion_" + arch.substr(0, 1) + ".stl");
        EXPECT_EQ(summary["matched_by"], "manifest itero_export_#12345_v30.xml");
        EXPECT_TRUE(fs::exists(out));
    }
    CliRun bite = run("scan --device folder:" + folder.string() + " --arch bite --timeout 1.5 -o " +
                      (dir_ / "bite.ply").string());
    EXPECT_EQ(bite.code, 4);
    EXPECT_FALSE(fs::exists(dir_ / "bite.ply"));
}

TEST_F(CliDevice, DeviceListShowsWhatAnExportFolderOffers) {
    const auto folder = dir_ / "export";
    fs::create_directories(folder);
    std::ofstream(folder / "Smith_UpperJaw.stl") << "solid a";
    std::ofstream(folder / "Smith_upper_lower.stl") << "solid b";
    std::ofstream(folder / "scans.zip") << "PK";
    CliRun r = run("device list --folder " + folder.string());
    ASSERT_EQ(r.code, 0) << r.err;
    auto offers = nlohmann::json::parse(r.out)["export_folder"]["offers"];
    ASSERT_EQ(offers.size(), 3u);
    std::map<std::string, nlohmann::json> by_file;
    for (const auto& o : offers) by_file[o["file"]] = o;
    EXPECT_EQ(by_file["Smith_UpperJaw.stl"]["role"], "upper");
    EXPECT_EQ(by_file["Smith_UpperJaw.stl"]["matched_by"], "name *upper*");
    EXPECT_EQ(by_file["Smith_upper_lower.stl"]["role"], "ask");
    EXPECT_NE(by_file["Smith_upper_lower.stl"]["question"].get<std::string>().find("both"),
              std::string::npos);
    EXPECT_EQ(by_file["scans.zip"]["role"], "ask");
    CliRun missing = run("device list --folder " + (dir_ / "nope").string());
    EXPECT_EQ(missing.code, 4);
}

TEST_F(CliDevice, SimulatedCameraCapturesAStillJpeg) {
    const auto out = dir_ / "photo.jpg";
    CliRun r = run("camera capture --device sim --still -o " + out.string());
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["still"], true);
    EXPECT_GT(j["width"].get<int>(), 0);
    std::ifstream in(out, std::ios::binary);
    unsigned char soi[2] = {0, 0};
    in.read(reinterpret_cast<char*>(soi), 2);
    EXPECT_EQ(soi[0], 0xFF);
    EXPECT_EQ(soi[1], 0xD8);
}

TEST_F(CliDevice, BadDeviceOrArchIsUsage) {
    EXPECT_EQ(run("scan --device floppy --arch upper -o x.ply").code, 2);
    EXPECT_EQ(run("scan --device sim --arch middle -o x.ply").code, 2);
    EXPECT_EQ(run("camera capture --device folder:/tmp -o x.jpg").code, 2);
}

}  // namespace
