#include "capture/exif.h"

#include <gtest/gtest.h>

#include <cstring>

#include "tests/capture/photo_fixtures.h"

namespace intake::capture {
namespace {

std::vector<std::byte> bytes_of(std::initializer_list<int> values) {
    std::vector<std::byte> out;
    for (int v : values) out.push_back(std::byte(v));
    return out;
}

// A hand-made little-endian EXIF block with Orientation, a GPS IFD (latitude ref "N") and a
// MakerNote, the metadata a phone writes and the package must not carry.
std::vector<std::byte> phone_exif() {
    std::vector<std::byte> tiff = bytes_of({'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0});
    auto put16 = [&](int v) {
        tiff.push_back(std::byte(v & 0xff));
        tiff.push_back(std::byte(v >> 8));
    };
    auto put32 = [&](uint32_t v) {
        for (int s = 0; s < 32; s += 8) tiff.push_back(std::byte((v >> s) & 0xff));
    };
    // IFD0 at 8: 3 entries -> ends at 8 + 2 + 36 + 4 = 50.
    put16(3);
    put16(0x0112);
    put16(3);
    put32(1);
    put32(6);  // Orientation = 6
    put16(0x8769);
    put16(4);
    put32(1);
    put32(50);  // Exif IFD at 50
    put16(0x8825);
    put16(4);
    put32(1);
    put32(80);  // GPS IFD at 80
    put32(0);
    // Exif IFD at 50: 2 entries -> 50 + 2 + 24 + 4 = 80; data after the GPS IFD.
    put16(2);
    put16(0x9003);
    put16(2);
    put32(20);
    put32(98);  // DateTimeOriginal at 98
    put16(0x927c);
    put16(7);
    put32(4);
    put32(0x4b4f4b4f);  // MakerNote, 4 bytes inline
    put32(0);
    // GPS IFD at 80: 1 entry -> 80 + 2 + 12 + 4 = 98.
    put16(1);
    put16(0x0001);
    put16(2);
    put32(2);
    put32('N');  // GPSLatitudeRef "N"
    put32(0);
    for (char c : std::string("2026:11:02 09:30:00")) tiff.push_back(std::byte(c));
    tiff.push_back(std::byte{0});
    return tiff;
}

TEST(Exif, ParsesOrientationDateGpsAndMakerNote) {
    const ExifInfo info = parse_exif(phone_exif());
    EXPECT_EQ(info.orientation, 6);
    ASSERT_TRUE(info.captured);
    EXPECT_EQ(*info.captured, "2026:11:02 09:30:00");
    EXPECT_TRUE(info.has_gps);
    EXPECT_TRUE(info.has_maker_note);
}

TEST(Exif, BuiltBlockKeepsOnlyOrientationAndDate) {
    const auto block = build_exif(8, std::string("2025:01:31 23:59:58"));
    const ExifInfo info = parse_exif(block);
    EXPECT_EQ(info.orientation, 8);
    ASSERT_TRUE(info.captured);
    EXPECT_EQ(*info.captured, "2025:01:31 23:59:58");
    EXPECT_FALSE(info.has_gps);
    EXPECT_FALSE(info.has_maker_note);
    EXPECT_TRUE(build_exif(0, std::nullopt).empty());
}

TEST(Exif, ReplacingJpegMetadataDropsGpsAndKeepsPixels) {
    const cv::Mat photo = testing::resize_long_side(testing::real_photo("0-4.png"), 320);
    const auto plain = testing::encode_jpeg(photo);
    const auto phone = replace_jpeg_metadata(plain, phone_exif());
    ASSERT_TRUE(parse_exif(find_jpeg_exif(phone)).has_gps);
    const auto cleaned =
        replace_jpeg_metadata(phone, build_exif(1, std::string("2026:11:02 09:30:00")));
    const ExifInfo info = parse_exif(find_jpeg_exif(cleaned));
    EXPECT_FALSE(info.has_gps);
    EXPECT_FALSE(info.has_maker_note);
    EXPECT_EQ(info.orientation, 1);
    EXPECT_EQ(info.captured.value_or(""), "2026:11:02 09:30:00");
    // The entropy-coded data is untouched: the tail of the file is identical.
    ASSERT_GT(cleaned.size(), 1000u);
    EXPECT_EQ(0, std::memcmp(cleaned.data() + cleaned.size() - 1000,
                             plain.data() + plain.size() - 1000, 1000));
}

TEST(Exif, GarbageIsIgnoredNotFatal) {
    EXPECT_EQ(parse_exif(bytes_of({'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 99, 99})).orientation,
              1);
    EXPECT_EQ(parse_exif({}).orientation, 1);
    EXPECT_TRUE(find_jpeg_exif(bytes_of({0xff, 0xd8, 0xff, 0xe1, 0xff})).empty());
}

TEST(Exif, DatesParseStrictly) {
    const auto date = parse_exif_date("2026:11:23 13:00:00");
    ASSERT_TRUE(date);
    const auto earlier = parse_exif_date("2026:11:16 13:00:00");
    ASSERT_TRUE(earlier);
    EXPECT_EQ(std::chrono::duration_cast<std::chrono::hours>(*date - *earlier).count(), 7 * 24);
    EXPECT_FALSE(parse_exif_date("0000:00:00 00:00:00"));
    EXPECT_FALSE(parse_exif_date("2026:02:30 10:00:00"));
    EXPECT_FALSE(parse_exif_date("yesterday"));
}

}  // namespace
}  // namespace intake::capture
