// The simulated camera on the real testdata photos (PNG → JPEG), and the PNG → JPEG codec.
#include <gtest/gtest.h>

#include "drivers/camera.h"
#include "drivers/sim/image_codec.h"
#include "drivers/sim/sim_devices.h"

namespace intake::drivers {
namespace {

using namespace std::chrono_literals;

TEST(SimCamera, ServesTheTestdataPhotosAsJpegAndFlagsTheStill) {
    auto photos = bundled_photos();
    ASSERT_TRUE(photos) << photos.error().to_string();
    ASSERT_GE(photos->size(), 2U);
    auto cam = Camera::open_simulated_photos({photos->at(0), photos->at(1)});
    ASSERT_TRUE(cam) << cam.error().to_string();
    ASSERT_TRUE(cam.value()->start());
    auto first = cam.value()->next_frame(1s);
    ASSERT_TRUE(first);
    auto info = jpeg_info(first->jpeg);
    ASSERT_TRUE(info);
    EXPECT_GT(info->width, 0);
    EXPECT_EQ(first->width, info->width);
    EXPECT_FALSE(first->still);
    cam.value()->press_button();
    auto still = cam.value()->next_still(1s);
    ASSERT_TRUE(still);
    EXPECT_TRUE(still->still);
    EXPECT_EQ(still->sequence, 1U);
    auto third = cam.value()->next_frame(1s);  // cycles back to the first photo
    EXPECT_EQ(third->jpeg, first->jpeg);
}

TEST(SimCamera, NotAPhotoOrAMissingPhotoIsBadInputAndNoPhotosIsNotFound) {
    const std::vector<std::byte> junk(100, std::byte{0x42});
    auto bad = png_to_jpeg(junk);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::bad_input);
    EXPECT_FALSE(jpeg_info(junk));
    auto cam = Camera::open_simulated({});
    auto started = cam->start();
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, Errc::not_found);
    auto missing = Camera::open_simulated_photos({"/nonexistent/photo.png"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::bad_input);  // an unreadable input file
    EXPECT_NE(missing.error().message.find("/nonexistent/photo.png"), std::string::npos);
}

}  // namespace
}  // namespace intake::drivers
