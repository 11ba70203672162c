// The simulated camera: serves the JPEGs it is given, in turn, forever; the demo's photos (PNG)
// are encoded to JPEG once on open, the way a camera would deliver them.
#include <utility>

#include "base/file_io.h"
#include "drivers/camera.h"
#include "drivers/sim/image_codec.h"

namespace intake::drivers {
namespace {

class SimCamera final : public Camera {
  public:
    SimCamera(std::vector<std::vector<std::byte>> jpegs, CameraOptions options)
        : jpegs_(std::move(jpegs)), options_(options) {}
    std::string describe() const override { return "simulated camera"; }
    Status start() override {
        if (jpegs_.empty()) return fail(Errc::not_found, "simulated camera: no photos to serve");
        started_ = true;
        return ok();
    }
    Result<CameraFrame> next_frame(std::chrono::milliseconds /*timeout*/) override {
        if (!started_) return fail(Errc::invalid_argument, "simulated camera: not started");
        CameraFrame f;
        f.jpeg = jpegs_[next_ % jpegs_.size()];
        f.sequence = static_cast<uint32_t>(next_++);
        f.still = still_pending_;
        still_pending_ = false;
        if (auto info = jpeg_info(f.jpeg)) {
            f.width = info->width;
            f.height = info->height;
        }
        return f;
    }
    void stop() override { started_ = false; }
    void press_button() override { still_pending_ = true; }

  private:
    std::vector<std::vector<std::byte>> jpegs_;
    CameraOptions options_;
    size_t next_ = 0;
    bool started_ = false;
    bool still_pending_ = false;
};

}  // namespace

std::unique_ptr<Camera> Camera::open_simulated(std::vector<std::vector<std::byte>> jpegs,
                                               CameraOptions options) {
    return std::make_unique<SimCamera>(std::move(jpegs), options);
}

Result<std::unique_ptr<Camera>> Camera::open_simulated_photos(
    const std::vector<std::filesystem::path>& photos, CameraOptions options) {
    std::vector<std::vector<std::byte>> jpegs;
    for (const auto& path : photos) {
        auto bytes = read_file_bytes(path, size_t{256} << 20);
        if (!bytes) return fail(bytes.error());
        if (jpeg_info(bytes.value())) {
            jpegs.push_back(std::move(bytes.value()));
            continue;
        }
        auto jpeg = png_to_jpeg(bytes.value());
        if (!jpeg) return fail(jpeg.error().code, path.string() + ": " + jpeg.error().message);
        jpegs.push_back(std::move(jpeg.value()));
    }
    return open_simulated(std::move(jpegs), options);
}

}  // namespace intake::drivers
