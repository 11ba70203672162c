// The package copy of a photo: upright, flipped when asked, metadata reduced to the date.
#include "capture/photo_export.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "capture/exif.h"
#include "capture/image.h"
#include "capture/photo_check.h"
#include "tests/capture/photo_fixtures.h"

namespace intake::capture {
namespace {

using testing::real_photo;

TEST(PhotoExport, AppliesOrientationStripsGpsKeepsTheDate) {
    cv::Mat stored;
    cv::rotate(real_photo("0-4.png"), stored, cv::ROTATE_90_COUNTERCLOCKWISE);
    // A phone-style block: orientation 6 plus the date; GPS is checked in exif_test.
    const auto jpeg =
        testing::with_exif(testing::encode_jpeg(stored), 6, std::string("2026:11:20 10:15:00"));
    auto photo = normalise_photo(jpeg, "phone.jpg", "intraoral-frontal", {});
    ASSERT_TRUE(photo) << photo.error().to_string();
    EXPECT_EQ(photo->width, 1440);
    EXPECT_EQ(photo->height, 1080);
    EXPECT_EQ(photo->captured.value_or(""), "2026:11:20 10:15:00");
    const ExifInfo exif = parse_exif(find_jpeg_exif(photo->jpeg));
    EXPECT_EQ(exif.orientation, 1);  // pixels are upright now
    EXPECT_EQ(exif.captured.value_or(""), "2026:11:20 10:15:00");
    EXPECT_FALSE(exif.has_gps);
    EXPECT_FALSE(exif.has_maker_note);
    auto decoded = decode_image(photo->jpeg, "normalised.jpg");
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->width, 1440);
    EXPECT_EQ(decoded->height, 1080);
}

TEST(PhotoExport, ThumbnailIs512OnTheLongSide) {
    auto photo = normalise_photo_file(testing::photo_path("1-3.png"), "intraoral-right", {});
    ASSERT_TRUE(photo) << photo.error().to_string();
    auto thumb = decode_image(photo->thumbnail, "thumb.jpg");
    ASSERT_TRUE(thumb);
    EXPECT_EQ(thumb->width, 512);
    EXPECT_EQ(thumb->height, 384);
    EXPECT_LE(hash_distance(perceptual_hash(*thumb), photo->phash), kNearDuplicateBits);
}

TEST(PhotoExport, MirrorViewsAreFlippedOnlyWhenAsked) {
    auto kept =
        normalise_photo_file(testing::photo_path("0-0.png"), "intraoral-upper-occlusal", {});
    ASSERT_TRUE(kept);
    EXPECT_TRUE(kept->mirrored);
    EXPECT_FALSE(kept->flipped);
    NormaliseOptions options;
    options.flip_mirrored = true;
    auto flipped =
        normalise_photo_file(testing::photo_path("0-0.png"), "intraoral-upper-occlusal", options);
    ASSERT_TRUE(flipped);
    EXPECT_TRUE(flipped->flipped);
    auto a = decode_image(kept->jpeg, "kept.jpg");
    auto b = decode_image(flipped->jpeg, "flipped.jpg");
    ASSERT_TRUE(a && b);
    const cv::Mat ma(a->height, a->width, CV_8UC3, a->pixels.data());
    const cv::Mat mb(b->height, b->width, CV_8UC3, b->pixels.data());
    cv::Mat unflipped, diff;
    cv::flip(mb, unflipped, 1);
    cv::absdiff(ma, unflipped, diff);
    EXPECT_LT(cv::mean(diff)[0], 2.0);
    // A direct view is never flipped.
    auto direct = normalise_photo_file(testing::photo_path("0-3.png"), "intraoral-right", options);
    ASSERT_TRUE(direct);
    EXPECT_FALSE(direct->flipped);
}

TEST(PhotoExport, BadInputIsAnError) {
    auto photo = normalise_photo_file(testing::photo_path("missing.png"), "intraoral-right", {});
    ASSERT_FALSE(photo);
    EXPECT_EQ(photo.error().code, Errc::bad_input);
    auto unknown = normalise_photo_file(testing::photo_path("0-3.png"), "selfie", {});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace intake::capture
