// Camera: an intraoral camera as a source of JPEG frames plus the still button. Either a UVC
// camera through libuvc (MJPEG frames are JPEGs; the still button arrives on the UVC status
// interrupt endpoint) or the simulated camera of the demo, which serves the JPEGs it is given.
// Callers hand the JPEG bytes to capture/, which decodes and checks them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

namespace intake::drivers {

struct CameraFrame {
    std::vector<std::byte> jpeg;
    bool still = false;  // the first frame completed after a press of the camera's button
    uint32_t sequence = 0;
    int width = 0;
    int height = 0;
};

struct CameraOptions {
    int width = 640;
    int height = 480;
    int fps = 30;
};

class Camera {
  public:
    virtual ~Camera() = default;

    // The backends, each defined by its own library (link the one you call): open_uvc by
    // intake::drivers_usb (drivers/usb, libuvc), open_simulated* by intake::drivers_sim.
    //
    // The first UVC camera (vid/pid 0 = any) offering MJPEG at the requested size.
    static Result<std::unique_ptr<Camera>> open_uvc(uint16_t vid = 0, uint16_t pid = 0,
                                                    CameraOptions options = {});
    // Serves `jpegs` in turn, forever. press_button() marks the next frame as the still.
    static std::unique_ptr<Camera> open_simulated(std::vector<std::vector<std::byte>> jpegs,
                                                  CameraOptions options = {});
    // The demo's camera: PNG or JPEG photos (testdata/photos), PNGs encoded to JPEG once.
    static Result<std::unique_ptr<Camera>> open_simulated_photos(
        const std::vector<std::filesystem::path>& photos, CameraOptions options = {});

    virtual std::string describe() const = 0;
    virtual Status start() = 0;
    // The next complete frame; Errc::timeout when none arrives in time.
    virtual Result<CameraFrame> next_frame(std::chrono::milliseconds timeout) = 0;
    // Skips frames until one flagged still (the operator pressed the button).
    Result<CameraFrame> next_still(std::chrono::milliseconds timeout);
    virtual void stop() = 0;
    // The simulated camera's button; a real camera's button is pressed by a hand.
    virtual void press_button() {}
};

}  // namespace intake::drivers
