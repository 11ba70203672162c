// A whole series against a map file: per-photo reports and the missing views.
#include "capture/photo_set.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/capture/photo_fixtures.h"

namespace intake::capture {
namespace {

const char* kPatient0Map = R"({
  "photos": {
    "0-0.png": "intraoral-upper-occlusal",
    "0-1.png": "intraoral-lower-occlusal",
    "0-2.png": "intraoral-left",
    "0-3.png": "intraoral-right",
    "0-4.png": "intraoral-frontal"
  },
  "required": ["intraoral-frontal", "intraoral-right", "intraoral-left",
               "intraoral-upper-occlusal", "intraoral-lower-occlusal"]
})";

TEST(PhotoSet, PatientZeroIntraoralSeriesIsComplete) {
    auto map = parse_photo_map(kPatient0Map, "map.json");
    ASSERT_TRUE(map) << map.error().to_string();
    const SetReport set =
        check_photo_set(std::filesystem::path(INTAKE_TESTDATA_DIR) / "photos", *map, {}, 2);
    ASSERT_EQ(set.entries.size(), 5u);
    EXPECT_TRUE(set.missing_views.empty());
    EXPECT_FALSE(set.bad_input);
    EXPECT_NE(set.verdict, Verdict::fail);
    for (const SetEntry& entry : set.entries) {
        ASSERT_TRUE(entry.report) << entry.file;
        EXPECT_EQ(entry.report->view, entry.view);  // results stay with their photo
    }
    EXPECT_EQ(set.entries[0].file, "0-0.png");
}

TEST(PhotoSet, FlatMapRequiresAllEightViewsAndReportsTheMissingOnes) {
    auto map = parse_photo_map(R"({"1-1.png": "intraoral-lower-occlusal",
                                   "1-3.png": "intraoral-right",
                                   "1-4.png": "intraoral-frontal"})",
                               "flat.json");
    ASSERT_TRUE(map) << map.error().to_string();
    EXPECT_EQ(map->required.size(), 8u);
    const SetReport set =
        check_photo_set(std::filesystem::path(INTAKE_TESTDATA_DIR) / "photos", *map, {}, 2);
    EXPECT_EQ(set.verdict, Verdict::fail);
    std::vector<std::string> missing = set.missing_views;
    std::sort(missing.begin(), missing.end());
    EXPECT_EQ(missing, (std::vector<std::string>{"extraoral-frontal", "extraoral-profile-right",
                                                 "extraoral-smile", "intraoral-left",
                                                 "intraoral-upper-occlusal"}));
}

TEST(PhotoSet, UnreadablePhotoIsAnErrorEntryAndItsViewIsMissing) {
    testing::TempDir dir;
    testing::write_bytes(dir.path() / "front.jpg", std::as_bytes(std::span("not a photo", 11)));
    auto map = parse_photo_map(R"({"photos": {"front.jpg": "intraoral-frontal"},
                                   "required": ["intraoral-frontal"]})",
                               "m.json");
    ASSERT_TRUE(map);
    const SetReport set = check_photo_set(dir.path(), *map, {}, 2);
    ASSERT_EQ(set.entries.size(), 1u);
    ASSERT_TRUE(set.entries[0].error);
    EXPECT_EQ(set.entries[0].error->code, Errc::bad_input);
    EXPECT_TRUE(set.bad_input);
    EXPECT_EQ(set.missing_views, std::vector<std::string>{"intraoral-frontal"});
}

TEST(PhotoSet, BadMapsAreBadInputNamingTheProblem) {
    auto unknown = parse_photo_map(R"({"a.jpg": "intraoral-middle"})", "m.json");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, Errc::bad_input);
    EXPECT_NE(unknown.error().message.find("intraoral-middle"), std::string::npos);
    EXPECT_FALSE(parse_photo_map("[1, 2]", "m.json"));
    EXPECT_FALSE(parse_photo_map("{not json", "m.json"));
    EXPECT_FALSE(parse_photo_map(R"({"../x.jpg": "intraoral-right"})", "m.json"));
    EXPECT_FALSE(parse_photo_map(R"({"photos": {}, "required": "all"})", "m.json"));
    auto missing = load_photo_map("/nonexistent/map.json");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::bad_input);
}

}  // namespace
}  // namespace intake::capture
