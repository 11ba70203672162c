// The UVC camera on the real libuvc + libusb path: a hand-written UVC 1.0 camera (MJPEG over a
// bulk endpoint, status interrupt endpoint) emulated under umockdev answers VS_PROBE/VS_COMMIT and
// streams the testdata photos as JPEG frames. libuvc cannot be restarted twice in one process
// under umockdev, which gtest_discover_tests' one-test-per-process avoids.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstring>
#include <functional>
#include <thread>

#include "base/sha256.h"
#include "drivers/camera.h"
#include "drivers/sim/image_codec.h"
#include "tests/drivers/usb_model.h"

namespace intake::drivers {
namespace {

using namespace std::chrono_literals;

constexpr uint16_t kCamVid = 0x1209;
constexpr uint16_t kCamPid = 0x4954;
constexpr uint32_t kPayloadSize = 16384;

std::vector<uint8_t> uvc_descriptors() {
    return {
        // device: IAD composite (EF/02/01), EP0 64
        0x12,
        0x01,
        0x00,
        0x02,
        0xEF,
        0x02,
        0x01,
        0x40,
        0x09,
        0x12,
        0x54,
        0x49,
        0x00,
        0x01,
        0,
        0,
        0,
        1,
        // configuration: 148 bytes, 2 interfaces
        0x09,
        0x02,
        0x94,
        0x00,
        0x02,
        0x01,
        0x00,
        0x80,
        0xFA,
        // interface association: video, interfaces 0-1
        0x08,
        0x0B,
        0x00,
        0x02,
        0x0E,
        0x03,
        0x00,
        0x00,
        // interface 0: VideoControl, one (status) endpoint
        0x09,
        0x04,
        0x00,
        0x00,
        0x01,
        0x0E,
        0x01,
        0x00,
        0x00,
        // VC header UVC 1.00, total 39, clock 6 MHz, streaming interface 1
        0x0D,
        0x24,
        0x01,
        0x00,
        0x01,
        0x27,
        0x00,
        0x80,
        0x8D,
        0x5B,
        0x00,
        0x01,
        0x01,
        // input terminal 1: camera sensor, no controls
        0x11,
        0x24,
        0x02,
        0x01,
        0x01,
        0x02,
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
        0x02,
        0x00,
        0x00,
        // output terminal 2: USB streaming, source 1
        0x09,
        0x24,
        0x03,
        0x02,
        0x01,
        0x01,
        0x00,
        0x01,
        0x00,
        // status endpoint: interrupt IN 0x83, 16 bytes, + class-specific part
        0x07,
        0x05,
        0x83,
        0x03,
        0x10,
        0x00,
        0x08,
        0x05,
        0x25,
        0x03,
        0x10,
        0x00,
        // interface 1: VideoStreaming, one bulk endpoint (no alternate settings = bulk streaming)
        0x09,
        0x04,
        0x01,
        0x00,
        0x01,
        0x0E,
        0x02,
        0x00,
        0x00,
        // VS input header: 1 format, total 55, endpoint 0x81, terminal link 2
        0x0E,
        0x24,
        0x01,
        0x01,
        0x37,
        0x00,
        0x81,
        0x00,
        0x02,
        0x00,
        0x00,
        0x00,
        0x01,
        0x00,
        // MJPEG format 1, one frame descriptor
        0x0B,
        0x24,
        0x06,
        0x01,
        0x01,
        0x01,
        0x01,
        0x00,
        0x00,
        0x00,
        0x00,
        // MJPEG frame 1: 640x480, 30 fps (333333 x 100 ns), max frame 614400 bytes
        0x1E,
        0x24,
        0x07,
        0x01,
        0x00,
        0x80,
        0x02,
        0xE0,
        0x01,
        0x00,
        0x00,
        0x00,
        0x01,
        0x00,
        0x00,
        0x00,
        0x10,
        0x00,
        0x60,
        0x09,
        0x00,
        0x15,
        0x16,
        0x05,
        0x00,
        0x01,
        0x15,
        0x16,
        0x05,
        0x00,
        // bulk IN 0x81, 512
        0x07,
        0x05,
        0x81,
        0x02,
        0x00,
        0x02,
        0x00,
    };
}

// The camera's side: probe/commit negotiation, MJPEG payloads with the 2-byte UVC header, and
// the still button as a VideoStreaming status packet.
class UvcCameraModel final : public test::UsbDeviceModel {
  public:
    explicit UvcCameraModel(test::UsbTestbed& tb)
        : UsbDeviceModel(tb, test::UsbDeviceSpec{2, "1-1", uvc_descriptors()}) {}

    bool committed() const { return committed_; }

    void send_frame(const std::vector<std::byte>& jpeg) {
        const uint8_t fid = fid_ ? 1 : 0;
        fid_ = !fid_;
        const size_t chunk = kPayloadSize - 2;
        for (size_t at = 0; at < jpeg.size(); at += chunk) {
            const size_t n = std::min(chunk, jpeg.size() - at);
            const bool last = at + n == jpeg.size();
            std::vector<std::byte> payload{std::byte{0x02},
                                           std::byte(0x80 | fid | (last ? 0x02 : 0))};
            payload.insert(payload.end(), jpeg.begin() + at, jpeg.begin() + at + n);
            queue_in(0x81, std::move(payload));
        }
    }

    // VideoStreaming status: bStatusType 2, originator interface 1, bEvent 0 (button), pressed.
    void press_button() {
        queue_in(0x83, {std::byte{0x02}, std::byte{0x01}, std::byte{0x00}, std::byte{0x01}});
    }

  protected:
    int on_control(const test::SetupPacket& s, std::span<uint8_t> data) override {
        const uint8_t selector = s.value >> 8;
        const bool vs_interface = (s.index & 0xFF) == 1 && (selector == 1 || selector == 2);
        if ((s.request_type & 0x60) != 0x20 || !vs_interface)
            return -32;  // STALL what we don't model
        const size_t n = std::min<size_t>(data.size(), probe_.size());
        if (s.request == 0x01) {  // SET_CUR of VS_PROBE or VS_COMMIT
            std::memcpy(probe_.data(), data.data(), n);
            fill_limits();
            if (selector == 2) committed_ = true;
            return static_cast<int>(s.length);
        }
        fill_limits();  // GET_CUR / GET_MIN / GET_MAX / GET_DEF: the one mode this camera has
        std::memcpy(data.data(), probe_.data(), n);
        return static_cast<int>(n);
    }

  private:
    void fill_limits() {
        probe_[2] = 1;  // format 1
        probe_[3] = 1;  // frame 1
        const uint32_t interval = 333333, max_frame = 614400, payload = kPayloadSize;
        std::memcpy(&probe_[4], &interval, 4);
        std::memcpy(&probe_[18], &max_frame, 4);
        std::memcpy(&probe_[22], &payload, 4);
    }

    std::array<uint8_t, 26> probe_{};
    std::atomic<bool> committed_{false};
    bool fid_ = false;
};

std::vector<std::byte> photo_jpeg(const char* name) {
    auto jpeg = png_file_to_jpeg(std::filesystem::path(INTAKE_TESTDATA_DIR) / "photos" / name);
    if (!jpeg) throw std::runtime_error(jpeg.error().to_string());
    return jpeg.value();
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

TEST(CameraUsb, StreamsMjpegFramesFromTheSimulatedUvcCamera) {
    test::UsbTestbed tb;
    UvcCameraModel model(tb);
    const auto a = photo_jpeg("0-0.png");
    const auto b = photo_jpeg("0-1.png");
    auto cam = Camera::open_uvc(kCamVid, kCamPid);
    ASSERT_TRUE(cam) << cam.error().to_string();
    EXPECT_EQ(cam.value()->describe(), "UVC camera 1209:4954 at 001/002");
    Status started = cam.value()->start();
    ASSERT_TRUE(started) << started.error().to_string();
    ASSERT_TRUE(wait_until([&] { return model.committed(); }, 5s));
    // One frame at a time: libuvc hands each finished frame to its callback thread through a
    // single hold buffer, so on a loaded machine a frame finished before that thread ran is
    // replaced by the next one (a live preview wants exactly that; this test wants both).
    model.send_frame(a);
    auto first = cam.value()->next_frame(5s);
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_EQ(sha256_hex(first->jpeg), sha256_hex(a));
    EXPECT_EQ(first->width, 640);
    EXPECT_EQ(first->height, 480);
    EXPECT_FALSE(first->still);
    model.send_frame(b);
    auto second = cam.value()->next_frame(5s);
    ASSERT_TRUE(second) << second.error().to_string();
    EXPECT_EQ(sha256_hex(second->jpeg), sha256_hex(b));
    EXPECT_TRUE(jpeg_info(second->jpeg));
    cam.value()->stop();
}

TEST(CameraUsb, ButtonPressGivesAStill) {
    test::UsbTestbed tb;
    UvcCameraModel model(tb);
    const auto live = photo_jpeg("0-2.png");
    const auto shot = photo_jpeg("0-3.png");
    auto cam = Camera::open_uvc();
    ASSERT_TRUE(cam) << cam.error().to_string();
    ASSERT_TRUE(cam.value()->start());
    ASSERT_TRUE(wait_until([&] { return model.committed(); }, 5s));
    model.send_frame(live);
    auto preview = cam.value()->next_frame(5s);
    ASSERT_TRUE(preview) << preview.error().to_string();
    EXPECT_FALSE(preview->still);
    model.press_button();
    model.send_frame(shot);
    auto still = cam.value()->next_still(5s);
    ASSERT_TRUE(still) << still.error().to_string();
    EXPECT_TRUE(still->still);
    EXPECT_EQ(sha256_hex(still->jpeg), sha256_hex(shot));
    cam.value()->stop();
}

TEST(CameraUsb, NoCameraIsNotFound) {
    test::UsbTestbed tb;
    auto cam = Camera::open_uvc();
    ASSERT_FALSE(cam);
    EXPECT_EQ(cam.error().code, Errc::not_found);
    EXPECT_NE(cam.error().message.find("no USB video class camera"), std::string::npos);
}

}  // namespace
}  // namespace intake::drivers
