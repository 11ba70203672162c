// `intake photo check` and `intake photo check-set` through the real binary: exit codes,
// stdout JSON and stderr messages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/capture/photo_fixtures.h"
#include "tests/support/cli_runner.h"

namespace intake::capture {
namespace {

test::CliRun run_intake(const std::string& args, const testing::TempDir& dir) {
    return test::run_intake(args, dir.path());
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

TEST(PhotoCli, GoodPhotoExitsZeroWithJsonReport) {
    testing::TempDir dir;
    const test::CliRun run = run_intake(
        "photo check " + quoted(testing::photo_path("0-3.png")) + " --view intraoral-right --json",
        dir);
    ASSERT_EQ(run.code, 0) << run.err;
    const auto json = nlohmann::json::parse(run.out);
    EXPECT_EQ(json["view"], "intraoral-right");
    EXPECT_EQ(json["width"], 1440);
    EXPECT_EQ(json["height"], 1080);
    EXPECT_NE(json["verdict"], "fail");
    EXPECT_TRUE(json["checks"].is_array());
    EXPECT_TRUE(json["timings_ms"].is_object());
}

TEST(PhotoCli, BlurredPhotoExitsOneAndSaysWhy) {
    testing::TempDir dir;
    const auto file = dir.path() / "blurred.jpg";
    testing::write_bytes(
        file, testing::encode_jpeg(testing::gaussian_blur(testing::real_photo("0-4.png"), 4.0)));
    const test::CliRun run =
        run_intake("photo check " + quoted(file) + " --view intraoral-frontal", dir);
    EXPECT_EQ(run.code, 1);
    EXPECT_NE(run.out.find("Blurred"), std::string::npos) << run.out;
}

TEST(PhotoCli, TruncatedPhotoExitsThree) {
    testing::TempDir dir;
    auto jpeg = testing::encode_jpeg(testing::real_photo("0-4.png"));
    jpeg.resize(jpeg.size() / 3);
    const auto file = dir.path() / "cut.jpg";
    testing::write_bytes(file, jpeg);
    const test::CliRun run =
        run_intake("photo check " + quoted(file) + " --view intraoral-frontal", dir);
    EXPECT_EQ(run.code, 3);
    EXPECT_NE(run.err.find("cut.jpg"), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty());
}

TEST(PhotoCli, UnknownViewExitsTwo) {
    testing::TempDir dir;
    const test::CliRun run = run_intake(
        "photo check " + quoted(testing::photo_path("0-3.png")) + " --view intraoral-middle", dir);
    EXPECT_EQ(run.code, 2);
    EXPECT_NE(run.err.find("intraoral-middle"), std::string::npos) << run.err;
}

TEST(PhotoCli, PreviousFolderCatchesAReusedPhoto) {
    testing::TempDir dir;
    std::filesystem::create_directories(dir.path() / "previous");
    std::filesystem::copy_file(testing::photo_path("1-4.png"),
                               dir.path() / "previous" / "front.png");
    const auto file = dir.path() / "today.jpg";
    testing::write_bytes(file, testing::encode_jpeg(testing::real_photo("1-4.png"), 75));
    const test::CliRun run =
        run_intake("photo check " + quoted(file) + " --view intraoral-frontal --previous " +
                       quoted(dir.path() / "previous") + " --json",
                   dir);
    EXPECT_EQ(run.code, 1) << run.err;
    const auto json = nlohmann::json::parse(run.out);
    bool stale_failed = false;
    for (const auto& check : json["checks"]) {
        if (check["name"] == "stale") stale_failed = check["verdict"] == "fail";
    }
    EXPECT_TRUE(stale_failed) << run.out;
}

TEST(PhotoCli, CheckSetReportsMissingViews) {
    testing::TempDir dir;
    const auto map = dir.path() / "map.json";
    const std::string text = R"({"0-2.png": "intraoral-left", "0-4.png": "intraoral-frontal"})";
    testing::write_bytes(map, std::as_bytes(std::span(text)));
    const test::CliRun run = run_intake(
        "photo check-set " + quoted(testing::photo_path("")) + " --map " + quoted(map) + " --json",
        dir);
    EXPECT_EQ(run.code, 1) << run.err;
    const auto json = nlohmann::json::parse(run.out);
    EXPECT_EQ(json["verdict"], "fail");
    EXPECT_EQ(json["photos"].size(), 2u);
    EXPECT_EQ(json["missing_views"].size(), 6u);
    EXPECT_NE(json["missing_views"].dump().find("intraoral-right"), std::string::npos);
}

TEST(PhotoCli, CheckSetWithABadMapExitsThree) {
    testing::TempDir dir;
    const auto map = dir.path() / "map.json";
    const std::string text = R"({"0-2.png": "sideways"})";
    testing::write_bytes(map, std::as_bytes(std::span(text)));
    const test::CliRun run = run_intake(
        "photo check-set " + quoted(testing::photo_path("")) + " --map " + quoted(map), dir);
    EXPECT_EQ(run.code, 3);
    EXPECT_NE(run.err.find("sideways"), std::string::npos) << run.err;
}

TEST(PhotoCli, NormaliseWritesTheJpegAndThumbnail) {
    testing::TempDir dir;
    const auto out = dir.path() / "out.jpg";
    const auto thumb = dir.path() / "thumb.jpg";
    const test::CliRun run =
        run_intake("photo normalise " + quoted(testing::photo_path("0-1.png")) +
                       " --view intraoral-lower-occlusal --flip-mirrored --out " + quoted(out) +
                       " --thumbnail " + quoted(thumb),
                   dir);
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_TRUE(std::filesystem::file_size(out) > 10000);
    EXPECT_TRUE(std::filesystem::file_size(thumb) > 1000);
    EXPECT_EQ(nlohmann::json::parse(run.out)["flipped"], true);
}

}  // namespace
}  // namespace intake::capture
