// The photo checks on the real photos and on degradations of them: each degradation must give
// the expected verdict with the right check named.
#include "capture/photo_check.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "capture/exif.h"
#include "tests/capture/photo_fixtures.h"

namespace intake::capture {
namespace {

using testing::encode_jpeg;
using testing::face_photo;
using testing::real_photo;

struct RealPhoto {
    const char* file;
    const char* view;
};

// Views as listed in testdata/SOURCES.md.
const RealPhoto kRealPhotos[] = {
    {"0-0.png", "intraoral-upper-occlusal"}, {"0-1.png", "intraoral-lower-occlusal"},
    {"0-2.png", "intraoral-left"},           {"0-3.png", "intraoral-right"},
    {"0-4.png", "intraoral-frontal"},        {"1-1.png", "intraoral-lower-occlusal"},
    {"1-3.png", "intraoral-right"},          {"1-4.png", "intraoral-frontal"},
};

PhotoReport check(const cv::Mat& bgr, std::string_view view, const CheckOptions& options = {},
                  std::string name = "photo.jpg") {
    auto report = check_photo_bytes(encode_jpeg(bgr), std::move(name), view, options);
    EXPECT_TRUE(report) << report.error().to_string();
    return report ? *report : PhotoReport{};
}

// The named check exists and has this verdict, and the whole photo has (at least) it too.
void expect_check(const PhotoReport& report, const char* name, Verdict verdict) {
    const CheckResult* found = report.find(name);
    ASSERT_NE(found, nullptr) << "no check named " << name << " in " << to_json(report);
    EXPECT_EQ(found->verdict, verdict) << found->message;
    EXPECT_FALSE(found->message.empty());
    EXPECT_EQ(report.verdict, worst(report.verdict, verdict));
}

std::string failing(const PhotoReport& report) {
    std::string out;
    for (const CheckResult& c : report.checks) {
        if (c.verdict != Verdict::pass) out += c.name + ": " + c.message + "\n";
    }
    return out;
}

class RealPhotos : public ::testing::TestWithParam<RealPhoto> {};

TEST_P(RealPhotos, PassOrWarnForTheirOwnView) {
    auto report = check_photo_file(testing::photo_path(GetParam().file), GetParam().view, {});
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_NE(report->verdict, Verdict::fail) << failing(*report);
    EXPECT_EQ(report->width, 1440);
    EXPECT_EQ(report->height, 1080);
    EXPECT_EQ(report->format, "png");
    for (const char* name : {"resolution", "sharpness", "exposure", "highlights", "shadows",
                             "colour_cast", "wrong_view", "framing", "mirror"}) {
        EXPECT_NE(report->find(name), nullptr) << name;
    }
    EXPECT_EQ(report->mirrored, std::string_view(GetParam().view).ends_with("occlusal"));
}

INSTANTIATE_TEST_SUITE_P(Testdata, RealPhotos, ::testing::ValuesIn(kRealPhotos));

TEST(PhotoCheck, FacePhotoPassesOrWarnsAsExtraoralFrontal) {
    const PhotoReport report = check(face_photo(), "extraoral-frontal");
    EXPECT_NE(report.verdict, Verdict::fail) << failing(report);
    expect_check(report, "wrong_view", Verdict::pass);
    ASSERT_NE(report.find("tilt"), nullptr);
    EXPECT_LT(report.find("tilt")->value, 6.0);  // the portrait itself leans about 3 degrees
}

TEST(PhotoCheck, SmileViewFindsTheSmileAndWarnsWhenTheMouthIsCovered) {
    const PhotoReport smiling = check(face_photo(), "extraoral-smile");
    expect_check(smiling, "smile", Verdict::pass);
    EXPECT_EQ(check(face_photo(), "extraoral-frontal").find("smile"), nullptr)
        << "only the smile view asks for a smile";
    // Cover the mouth with the skin tone of the cheek, as a hand or a closed lip would.
    cv::Mat covered = face_photo().clone();
    const double s = covered.cols / 512.0;  // the fixture is the 512 px portrait, upscaled
    const cv::Rect cheek(cvRound(208 * s), cvRound(104 * s), cvRound(33 * s), cvRound(10 * s));
    const cv::Rect mouth(cvRound(199 * s), cvRound(131 * s), cvRound(50 * s), cvRound(25 * s));
    covered(mouth).setTo(cv::mean(covered(cheek)));
    const PhotoReport closed = check(covered, "extraoral-smile");
    expect_check(closed, "wrong_view", Verdict::pass);
    expect_check(closed, "smile", Verdict::warn);
    EXPECT_NE(closed.find("smile")->message.find("No smile found"), std::string::npos);
}

TEST(PhotoCheck, GaussianBlurFailsSharpness) {
    const PhotoReport report =
        check(testing::gaussian_blur(real_photo("0-4.png"), 4.0), "intraoral-frontal");
    expect_check(report, "sharpness", Verdict::fail);
    EXPECT_NE(report.find("sharpness")->message.find("Blurred"), std::string::npos);
}

TEST(PhotoCheck, MotionBlurFailsSharpness) {
    const PhotoReport report =
        check(testing::motion_blur(real_photo("0-3.png"), 25), "intraoral-right");
    expect_check(report, "sharpness", Verdict::fail);
}

TEST(PhotoCheck, BlurredFaceFailsSharpness) {
    expect_check(check(testing::gaussian_blur(face_photo(), 4.0), "extraoral-frontal"), "sharpness",
                 Verdict::fail);
}

TEST(PhotoCheck, PlusTwoStopsFailsHighlightsAndExposure) {
    const PhotoReport report =
        check(testing::exposure_ev(real_photo("0-4.png"), 2.0), "intraoral-frontal");
    expect_check(report, "highlights", Verdict::fail);
    expect_check(report, "exposure", Verdict::fail);
    EXPECT_NE(report.find("exposure")->message.find("Too bright"), std::string::npos);
}

TEST(PhotoCheck, MinusTwoStopsFailsExposureButStillFindsTheTeeth) {
    const PhotoReport report =
        check(testing::exposure_ev(real_photo("0-3.png"), -2.0), "intraoral-right");
    expect_check(report, "exposure", Verdict::fail);
    EXPECT_NE(report.find("exposure")->message.find("Too dark"), std::string::npos);
    expect_check(report, "wrong_view", Verdict::pass);
}

TEST(PhotoCheck, StrongColourCastFails) {
    const PhotoReport report =
        check(testing::colour_cast(real_photo("1-4.png")), "intraoral-frontal");
    expect_check(report, "colour_cast", Verdict::fail);
    EXPECT_NE(report.find("colour_cast")->message.find("blue"), std::string::npos);
    // The cast clips the blue channel and hides the enamel: the view check cannot pass a photo
    // whose teeth it cannot see, and it names the cast as the thing to fix first.
    const CheckResult* view = report.find("wrong_view");
    ASSERT_NE(view, nullptr);
    EXPECT_EQ(view->verdict, Verdict::fail);
    EXPECT_NE(view->message.find("colour cast"), std::string::npos) << view->message;
}

TEST(PhotoCheck, TenDegreeTiltFailsTilt) {
    // Clockwise, adding to the portrait's own lean.
    const PhotoReport report = check(testing::rotate_deg(face_photo(), -10.0), "extraoral-frontal");
    expect_check(report, "tilt", Verdict::fail);
    EXPECT_GT(report.find("tilt")->value, 8.0);
}

TEST(PhotoCheck, DownscaledBelowTheMinimumFailsResolution) {
    const PhotoReport report =
        check(testing::resize_long_side(real_photo("0-2.png"), 1000), "intraoral-left");
    expect_check(report, "resolution", Verdict::fail);
    EXPECT_EQ(report.find("resolution")->value, 1000);
    EXPECT_EQ(report.find("resolution")->threshold, 1280);
    // Every other measurement is taken at the working size and still holds.
    expect_check(report, "sharpness", Verdict::pass);
}

TEST(PhotoCheck, LabMinimumIsConfigurable) {
    CheckOptions options;
    options.min_long_side = 2000;
    expect_check(check(real_photo("0-2.png"), "intraoral-left", options), "resolution",
                 Verdict::fail);
}

TEST(PhotoCheck, RecompressedNearDuplicateOfAPreviousPhotoFailsStale) {
    CheckOptions options;
    auto previous = check_photo_file(testing::photo_path("0-3.png"), "intraoral-right", {});
    ASSERT_TRUE(previous);
    options.previous_hashes = {previous->phash};
    // Recompressed at quality 60 and slightly resized: still the same photo.
    const cv::Mat reused = testing::resize_long_side(real_photo("0-3.png"), 1400);
    auto report =
        check_photo_bytes(encode_jpeg(reused, 60), "again.jpg", "intraoral-right", options);
    ASSERT_TRUE(report);
    expect_check(*report, "stale", Verdict::fail);
    EXPECT_LE(report->find("stale")->value, kNearDuplicateBits);
}

TEST(PhotoCheck, HorizontallyFlippedPreviousPhotoStillFailsStale) {
    CheckOptions options;
    auto previous =
        check_photo_file(testing::photo_path("0-0.png"), "intraoral-upper-occlusal", {});
    ASSERT_TRUE(previous);
    options.previous_hashes = {previous->phash};
    const PhotoReport report =
        check(testing::flip_horizontal(real_photo("0-0.png")), "intraoral-upper-occlusal", options);
    expect_check(report, "stale", Verdict::fail);
    EXPECT_NE(report.find("stale")->message.find("mirror image"), std::string::npos);
    expect_check(report, "mirror", Verdict::pass);
    EXPECT_TRUE(report.mirrored);
}

TEST(PhotoCheck, ADifferentPhotoIsNotStale) {
    CheckOptions options;
    for (const RealPhoto& p : kRealPhotos) {
        if (std::string_view(p.file) == "1-3.png") continue;
        auto previous = check_photo_file(testing::photo_path(p.file), p.view, {});
        ASSERT_TRUE(previous);
        options.previous_hashes.push_back(previous->phash);
    }
    auto report = check_photo_file(testing::photo_path("1-3.png"), "intraoral-right", options);
    ASSERT_TRUE(report);
    expect_check(*report, "stale", Verdict::pass);
    EXPECT_GT(report->find("stale")->value, kNearDuplicateBits);
}

TEST(PhotoCheck, PngRenamedJpgWarnsFileTypeAndIsStillChecked) {
    auto report = check_photo_bytes(testing::encode_png(real_photo("0-4.png")), "0-4.jpg",
                                    "intraoral-frontal", {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_check(*report, "file_type", Verdict::warn);
    EXPECT_EQ(report->format, "png");
    EXPECT_EQ(report->verdict, Verdict::warn) << failing(*report);
}

TEST(PhotoCheck, HeicOfAGoodPhotoPasses) {
    const auto heic = testing::encode_heic(real_photo("0-2.png"));
    if (heic.empty()) GTEST_SKIP() << "this libheif has no HEVC encoder";
    auto report = check_photo_bytes(heic, "0-2.heic", "intraoral-left", {});
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->format, "heif");
    EXPECT_EQ(report->width, 1440);
    EXPECT_NE(report->verdict, Verdict::fail) << failing(*report);
}

TEST(PhotoCheck, TruncatedJpegIsBadInputNotAReport) {
    auto jpeg = encode_jpeg(real_photo("0-4.png"));
    jpeg.resize(jpeg.size() / 2);
    auto report = check_photo_bytes(jpeg, "half.jpg", "intraoral-frontal", {});
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, Errc::bad_input);
    EXPECT_NE(report.error().message.find("half.jpg"), std::string::npos);
}

TEST(PhotoCheck, ExifOrientationIsAppliedBeforeChecking) {
    for (auto [orientation, stored] :
         {std::pair{6, cv::ROTATE_90_COUNTERCLOCKWISE}, std::pair{8, cv::ROTATE_90_CLOCKWISE}}) {
        cv::Mat rotated;
        cv::rotate(real_photo("0-4.png"), rotated, stored);
        const auto jpeg = testing::with_exif(encode_jpeg(rotated), orientation, std::nullopt);
        auto report = check_photo_bytes(jpeg, "phone.jpg", "intraoral-frontal", {});
        ASSERT_TRUE(report);
        EXPECT_EQ(report->width, 1440) << orientation;
        EXPECT_EQ(report->height, 1080) << orientation;
        auto upright = check_photo_file(testing::photo_path("0-4.png"), "intraoral-frontal", {});
        ASSERT_TRUE(upright);
        EXPECT_LE(hash_distance(report->phash, upright->phash), kNearDuplicateBits) << orientation;
        EXPECT_NE(report->verdict, Verdict::fail) << failing(*report);
    }
}

TEST(PhotoCheck, CaptureDateOlderThanSevenDaysWarns) {
    CheckOptions options;
    options.reference_date = parse_exif_date("2026:11:23 12:00:00");
    const auto plain = encode_jpeg(real_photo("0-2.png"));
    auto old = check_photo_bytes(testing::with_exif(plain, 1, std::string("2026:11:02 09:30:00")),
                                 "old.jpg", "intraoral-left", options);
    ASSERT_TRUE(old);
    expect_check(*old, "capture_date", Verdict::warn);
    EXPECT_NEAR(old->find("capture_date")->value, 21.1, 0.1);
    EXPECT_EQ(old->captured.value_or(""), "2026:11:02 09:30:00");
    auto fresh = check_photo_bytes(testing::with_exif(plain, 1, std::string("2026:11:23 09:00:00")),
                                   "new.jpg", "intraoral-left", options);
    ASSERT_TRUE(fresh);
    expect_check(*fresh, "capture_date", Verdict::pass);
}

TEST(PhotoCheck, FaceWhereAnIntraoralViewIsExpectedFailsWrongView) {
    const PhotoReport report = check(face_photo(), "intraoral-frontal");
    expect_check(report, "wrong_view", Verdict::fail);
    EXPECT_NE(report.find("wrong_view")->message.find("face"), std::string::npos);
}

TEST(PhotoCheck, NoTeethInAnIntraoralViewFailsWrongView) {
    // Retractor and gingiva only: the top of the right buccal photo.
    const cv::Mat gums = real_photo("0-3.png")(cv::Rect(0, 0, 1440, 400)).clone();
    const PhotoReport report = check(testing::resize_long_side(gums, 1440), "intraoral-right");
    expect_check(report, "wrong_view", Verdict::fail);
    EXPECT_NE(report.find("wrong_view")->message.find("no teeth"), std::string::npos);
}

TEST(PhotoCheck, TeethWhereAFaceIsExpectedFailsWrongView) {
    expect_check(check(real_photo("0-4.png"), "extraoral-frontal"), "wrong_view", Verdict::fail);
}

TEST(PhotoCheck, UnknownViewIsInvalidArgument) {
    auto report = check_photo_file(testing::photo_path("0-4.png"), "intraoral-middle", {});
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, Errc::invalid_argument);
}

TEST(PhotoCheck, MissingFileIsBadInput) {
    auto report = check_photo_file(testing::photo_path("no-such.png"), "intraoral-frontal", {});
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, Errc::bad_input);
}

TEST(PhotoCheck, JsonHasTheContractKeys) {
    auto report = check_photo_file(testing::photo_path("0-1.png"), "intraoral-lower-occlusal", {});
    ASSERT_TRUE(report);
    const auto json = nlohmann::json::parse(to_json(*report));
    for (const char* key : {"view", "width", "height", "verdict", "checks", "timings_ms"}) {
        EXPECT_TRUE(json.contains(key)) << key;
    }
    EXPECT_EQ(json["view"], "intraoral-lower-occlusal");
    EXPECT_EQ(json["width"], 1440);
    ASSERT_FALSE(json["checks"].empty());
    for (const auto& c : json["checks"]) {
        for (const char* key : {"name", "value", "threshold", "verdict", "message"}) {
            EXPECT_TRUE(c.contains(key)) << key;
        }
    }
    EXPECT_TRUE(json["timings_ms"].contains("total"));
}

TEST(PhotoCheck, LiveFrameFromTheCamera) {
    auto image = decode_image(encode_jpeg(real_photo("1-3.png")), "frame");
    ASSERT_TRUE(image);
    auto report = check_photo_image(*image, "frame", "intraoral-right", {});
    ASSERT_TRUE(report);
    EXPECT_NE(report->verdict, Verdict::fail) << failing(*report);
}

}  // namespace
}  // namespace intake::capture
