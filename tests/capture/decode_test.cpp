// Intake: decoding JPEG/PNG/HEIC, EXIF orientation, and refusing bad files with a clear error.
#include <gtest/gtest.h>
#include <libheif/heif.h>

#include <fstream>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <span>

#include "capture/image.h"
#include "tests/capture/photo_fixtures.h"

namespace intake::capture {
namespace {

using testing::encode_jpeg;
using testing::real_photo;

cv::Mat as_bgr(const Image& image) {
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

double mean_abs_diff(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    const cv::Scalar m = cv::mean(diff);
    return (m[0] + m[1] + m[2]) / 3.0;
}

TEST(Decode, PngAtFullSizeInRgbOrder) {
    const auto bytes = testing::encode_png(real_photo("0-3.png"));
    auto image = decode_image(bytes, "0-3.png");
    ASSERT_TRUE(image) << image.error().to_string();
    EXPECT_EQ(image->width, 1440);
    EXPECT_EQ(image->height, 1080);
    EXPECT_EQ(image->channels, 3);
    EXPECT_EQ(mean_abs_diff(as_bgr(*image), real_photo("0-3.png")), 0.0);
}

TEST(Decode, SixteenBitTransparentAndGreyPngsDecodeTo8BitColour) {
    const cv::Mat photo = testing::resize_long_side(real_photo("0-3.png"), 400);
    std::vector<uint8_t> bytes;
    cv::Mat deep;
    photo.convertTo(deep, CV_16UC3, 257.0);  // the same photo with 16 bits per channel
    ASSERT_TRUE(cv::imencode(".png", deep, bytes));
    auto image = decode_image(std::as_bytes(std::span(bytes)), "deep.png");
    ASSERT_TRUE(image) << image.error().to_string();
    EXPECT_EQ(image->channels, 3);
    EXPECT_LT(mean_abs_diff(as_bgr(*image), photo), 1.0);

    cv::Mat rgba;
    cv::cvtColor(photo, rgba, cv::COLOR_BGR2BGRA);
    rgba(cv::Rect(0, 0, 50, 50)).setTo(cv::Scalar(0, 0, 0, 0));  // a transparent corner
    ASSERT_TRUE(cv::imencode(".png", rgba, bytes));
    image = decode_image(std::as_bytes(std::span(bytes)), "alpha.png");
    ASSERT_TRUE(image) << image.error().to_string();
    const cv::Mat bgr = as_bgr(*image);
    EXPECT_EQ(bgr.at<cv::Vec3b>(10, 10), cv::Vec3b(0, 0, 0)) << "alpha dropped, as OpenCV does";
    EXPECT_LT(mean_abs_diff(bgr(cv::Rect(60, 60, 200, 200)), photo(cv::Rect(60, 60, 200, 200))),
              1.0);

    cv::Mat grey;
    cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
    ASSERT_TRUE(cv::imencode(".png", grey, bytes));
    image = decode_image(std::as_bytes(std::span(bytes)), "grey.png");
    ASSERT_TRUE(image) << image.error().to_string();
    cv::Mat grey_as_bgr;
    cv::cvtColor(grey, grey_as_bgr, cv::COLOR_GRAY2BGR);
    EXPECT_EQ(mean_abs_diff(as_bgr(*image), grey_as_bgr), 0.0);
}

// The photo is stored rotated and the EXIF tag says how to turn it upright.
void expect_upright(int orientation, cv::RotateFlags stored_rotation) {
    cv::Mat stored;
    cv::rotate(real_photo("0-4.png"), stored, stored_rotation);
    const auto jpeg = testing::with_exif(encode_jpeg(stored), orientation, std::nullopt);
    auto image = decode_image(jpeg, "rotated.jpg");
    ASSERT_TRUE(image) << image.error().to_string();
    EXPECT_EQ(image->width, 1440);
    EXPECT_EQ(image->height, 1080);
    EXPECT_LT(mean_abs_diff(as_bgr(*image), real_photo("0-4.png")), 3.0)
        << "orientation " << orientation;
}

TEST(Decode, ExifOrientation6IsTurnedClockwise) {
    expect_upright(6, cv::ROTATE_90_COUNTERCLOCKWISE);
}

TEST(Decode, ExifOrientation8IsTurnedCounterClockwise) {
    expect_upright(8, cv::ROTATE_90_CLOCKWISE);
}

TEST(Decode, ExifOrientation3IsTurnedHalfway) { expect_upright(3, cv::ROTATE_180); }

TEST(Decode, TruncatedJpegIsBadInputNamingTheFile) {
    auto jpeg = encode_jpeg(real_photo("0-2.png"));
    jpeg.resize(jpeg.size() * 6 / 10);
    auto image = decode_image(jpeg, "cut.jpg");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, Errc::bad_input);
    EXPECT_NE(image.error().message.find("cut.jpg"), std::string::npos);
    EXPECT_NE(image.error().message.find("truncated"), std::string::npos);
}

TEST(Decode, TruncatedPngIsBadInput) {
    auto png = testing::encode_png(real_photo("0-2.png"));
    png.resize(png.size() / 2);
    auto image = decode_image(png, "cut.png");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, Errc::bad_input);
    EXPECT_NE(image.error().message.find("cut.png"), std::string::npos);
}

TEST(Decode, CorruptPngDataIsBadInputWithLibpngsReason) {
    auto png = testing::encode_png(testing::resize_long_side(real_photo("0-2.png"), 300));
    for (size_t i = png.size() / 2; i < png.size() / 2 + 64; ++i) png[i] ^= std::byte{0x5A};
    auto image = decode_image(png, "scrambled.png");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, Errc::bad_input);
    EXPECT_NE(image.error().message.find("scrambled.png: corrupt PNG ("), std::string::npos)
        << image.error().message;
}

TEST(Decode, NonImageIsBadInput) {
    const std::string text = "just some notes, not a photo\n";
    auto image = decode_image(std::as_bytes(std::span(text)), "notes.jpg");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, Errc::bad_input);
    EXPECT_NE(image.error().message.find("not a JPEG, PNG or HEIC"), std::string::npos);
    EXPECT_FALSE(decode_image({}, "empty.jpg"));
}

TEST(Decode, JpegOver100MegapixelsIsRefusedFromTheHeader) {
    auto jpeg = encode_jpeg(testing::resize_long_side(real_photo("0-0.png"), 64));
    // Patch the frame header (SOF0: FF C0 len P Y Y X X) to claim 12000 x 10000.
    bool patched = false;
    for (size_t i = 2; i + 9 < jpeg.size(); ++i) {
        if (jpeg[i] == std::byte{0xff} && jpeg[i + 1] == std::byte{0xc0}) {
            jpeg[i + 5] = std::byte(10000 >> 8), jpeg[i + 6] = std::byte(10000 & 0xff);
            jpeg[i + 7] = std::byte(12000 >> 8), jpeg[i + 8] = std::byte(12000 & 0xff);
            patched = true;
            break;
        }
    }
    ASSERT_TRUE(patched);
    auto image = decode_image(jpeg, "bomb.jpg");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, Errc::bad_input);
    EXPECT_NE(image.error().message.find("100 MP"), std::string::npos) << image.error().message;
}

TEST(Decode, PngOver100MegapixelsIsRefusedFromTheHeader) {
    auto png = testing::encode_png(testing::resize_long_side(real_photo("0-0.png"), 64));
    for (int i = 0; i < 4; ++i) {  // IHDR width and height: 30000 x 30000
        png[16 + i] = std::byte((30000u >> (24 - 8 * i)) & 0xff);
        png[20 + i] = std::byte((30000u >> (24 - 8 * i)) & 0xff);
    }
    auto image = decode_image(png, "bomb.png");
    ASSERT_FALSE(image);
    EXPECT_NE(image.error().message.find("900.0 megapixels"), std::string::npos)
        << image.error().message;
}

TEST(Decode, PngWithFourBillionPixelSidesIsRefusedWithoutOverflow) {
    // 0xffffffff squared does not fit in 64 signed bits: the limit check itself must not overflow
    // (under the asan preset UBSan aborts on it).
    auto png = testing::encode_png(testing::resize_long_side(real_photo("0-0.png"), 64));
    for (int i = 0; i < 8; ++i) png[16 + i] = std::byte{0xff};
    auto image = decode_image(png, "bomb.png");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, Errc::bad_input);
    EXPECT_NE(image.error().message.find("100 MP limit"), std::string::npos)
        << image.error().message;
}

// Found by fuzz_photo: a 1.3 kB HEIF whose header (`ispe`) says 64 x 64 but whose grid claims a
// 16384 x 12288 canvas. libheif allocated the canvas (600 MB) before decoding a tile, and the
// decoded image came back over the 100 MP limit. The seed keeps the fuzzer's path byte first.
TEST(Decode, HeifGridClaimingAHugeCanvasIsRefusedBeforeAllocating) {
    std::ifstream in(
        std::string(INTAKE_SOURCE_DIR) + "/fuzz/corpus/photo/decode-grid-canvas-16384x12288.heic",
        std::ios::binary);
    ASSERT_TRUE(in);
    std::vector<char> seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(seed.size(), 1u);
    const auto file = std::as_bytes(std::span<const char>(seed).subspan(1));
    auto image = decode_image(file, "grid.heic");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, Errc::bad_input);
    EXPECT_NE(image.error().message.find("over 10000 pixels on a side"), std::string::npos)
        << image.error().message;
}

TEST(Decode, HeicFromAPhone) {
    const auto heic = testing::encode_heic(real_photo("0-1.png"));
    // Debian 12's libheif1 links x265: an encoder missing is a broken setup, not a skip.
    ASSERT_FALSE(heic.empty()) << "this libheif has no HEVC encoder (libheif1 + libx265)";
    auto image = decode_image(heic, "0-1.heic");
    ASSERT_TRUE(image) << image.error().to_string();
    EXPECT_EQ(image->width, 1440);
    EXPECT_EQ(image->height, 1080);
    EXPECT_LT(mean_abs_diff(as_bgr(*image), real_photo("0-1.png")), 4.0);
}

TEST(Decode, TruncatedHeicIsBadInput) {
    auto heic = testing::encode_heic(testing::resize_long_side(real_photo("0-1.png"), 400));
    // Debian 12's libheif1 links x265: an encoder missing is a broken setup, not a skip.
    ASSERT_FALSE(heic.empty()) << "this libheif has no HEVC encoder (libheif1 + libx265)";
    heic.resize(heic.size() / 2);
    auto image = decode_image(heic, "cut.heic");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code, Errc::bad_input);
}

TEST(Decode, EncodeJpegRoundTrips) {
    auto image = decode_image(testing::encode_png(real_photo("1-4.png")), "1-4.png");
    ASSERT_TRUE(image);
    auto jpeg = intake::capture::encode_jpeg(*image, 95);
    ASSERT_TRUE(jpeg);
    auto again = decode_image(*jpeg, "again.jpg");
    ASSERT_TRUE(again);
    EXPECT_LT(mean_abs_diff(as_bgr(*again), real_photo("1-4.png")), 3.0);
    EXPECT_FALSE(encode_jpeg(Image{}, 90));
}

}  // namespace
}  // namespace intake::capture
