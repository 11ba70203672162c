// The UVC camera on libuvc (Camera::open_uvc): MJPEG frames handed from libuvc's callback thread
// to the caller, the still button from the UVC status interrupt.
#include <libuvc/libuvc.h>

#include <condition_variable>
#include <deque>
#include <mutex>

#include "drivers/camera.h"
#include "drivers/usb/internal/usb_error.h"

namespace intake::drivers {
namespace {

using Clock = std::chrono::steady_clock;

Error uvc_failure(uvc_error_t rc, const std::string& device, const std::string& what) {
    if (rc == UVC_ERROR_INVALID_DEVICE || rc == UVC_ERROR_INVALID_MODE) {
        return Error{Errc::unsupported, device + ": " + what + " failed: " + uvc_strerror(rc)};
    }
    // libuvc's codes above -50 are libusb's, one for one.
    return usb_error(static_cast<int>(rc), device, what);
}

// Frames handed from libuvc's callback thread to the caller; a button press marks the next one.
class FrameQueue {
  public:
    void push(CameraFrame frame) {
        {
            std::lock_guard lock(mutex_);
            frame.still = still_pending_;
            still_pending_ = false;
            frames_.push_back(std::move(frame));
            if (frames_.size() > 8) frames_.pop_front();  // a slow reader sees the newest frames
        }
        changed_.notify_all();
    }
    void button_pressed() {
        std::lock_guard lock(mutex_);
        still_pending_ = true;
    }
    Result<CameraFrame> pop(std::chrono::milliseconds timeout, const std::string& device) {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, timeout, [&] { return !frames_.empty(); })) {
            return fail(Errc::timeout,
                        device + ": no frame within " + std::to_string(timeout.count()) + " ms");
        }
        CameraFrame f = std::move(frames_.front());
        frames_.pop_front();
        return f;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<CameraFrame> frames_;
    bool still_pending_ = false;
};

class UvcCamera final : public Camera {
  public:
    UvcCamera(uint16_t vid, uint16_t pid, CameraOptions options)
        : vid_(vid), pid_(pid), options_(options) {
        name_ = vid == 0 && pid == 0 ? "UVC camera" : "UVC camera " + usb_id(vid, pid);
    }
    ~UvcCamera() override { close(); }

    Status open();
    std::string describe() const override { return name_; }
    Status start() override;
    Result<CameraFrame> next_frame(std::chrono::milliseconds timeout) override {
        return queue_.pop(timeout, name_);
    }
    void stop() override {
        if (streaming_) uvc_stop_streaming(devh_);
        streaming_ = false;
    }

  private:
    static void on_frame(uvc_frame_t* frame, void* self);
    static void on_button(int button, int state, void* self);
    void close();

    uint16_t vid_, pid_;
    CameraOptions options_;
    std::string name_;
    uvc_context_t* ctx_ = nullptr;
    uvc_device_t* dev_ = nullptr;
    uvc_device_handle_t* devh_ = nullptr;
    bool streaming_ = false;
    FrameQueue queue_;
};

Status UvcCamera::open() {
    uvc_error_t rc = uvc_init(&ctx_, nullptr);
    if (rc != UVC_SUCCESS) return fail(uvc_failure(rc, name_, "libuvc init"));
    rc = uvc_find_device(ctx_, &dev_, vid_, pid_, nullptr);
    if (rc != UVC_SUCCESS) {
        dev_ = nullptr;
        return fail(Errc::not_found, name_ + ": no USB video class camera is connected");
    }
    uvc_device_descriptor_t* desc = nullptr;
    if (uvc_get_device_descriptor(dev_, &desc) == UVC_SUCCESS) {
        name_ = "UVC camera " + usb_id(desc->idVendor, desc->idProduct) + " at " +
                usb_location(uvc_get_bus_number(dev_), uvc_get_device_address(dev_));
        uvc_free_device_descriptor(desc);
    }
    rc = uvc_open(dev_, &devh_);
    if (rc != UVC_SUCCESS) {
        devh_ = nullptr;
        return fail(uvc_failure(rc, name_, "open"));
    }
    uvc_set_button_callback(devh_, &UvcCamera::on_button, this);
    return ok();
}

Status UvcCamera::start() {
    uvc_stream_ctrl_t ctrl;
    uvc_error_t rc = uvc_get_stream_ctrl_format_size(devh_, &ctrl, UVC_FRAME_FORMAT_MJPEG,
                                                     options_.width, options_.height, options_.fps);
    if (rc != UVC_SUCCESS) {
        return fail(uvc_failure(rc, name_,
                                "negotiate MJPEG " + std::to_string(options_.width) + "x" +
                                    std::to_string(options_.height) + " (VS_PROBE/VS_COMMIT)"));
    }
    rc = uvc_start_streaming(devh_, &ctrl, &UvcCamera::on_frame, this, 0);
    if (rc != UVC_SUCCESS) return fail(uvc_failure(rc, name_, "start streaming"));
    streaming_ = true;
    return ok();
}

// libuvc's callback thread: one complete MJPEG frame, i.e. one JPEG.
void UvcCamera::on_frame(uvc_frame_t* frame, void* self) {
    auto* cam = static_cast<UvcCamera*>(self);
    if (frame->frame_format != UVC_FRAME_FORMAT_MJPEG || frame->data_bytes == 0) return;
    const auto* p = static_cast<const std::byte*>(frame->data);
    cam->queue_.push(CameraFrame{std::vector<std::byte>(p, p + frame->data_bytes), false,
                                 frame->sequence, static_cast<int>(frame->width),
                                 static_cast<int>(frame->height)});
}

// The UVC status interrupt: a streaming-interface button event (bEvent 0), state 1 = pressed.
void UvcCamera::on_button(int /*button*/, int state, void* self) {
    if (state == 1) static_cast<UvcCamera*>(self)->queue_.button_pressed();
}

void UvcCamera::close() {
    stop();
    if (devh_) uvc_close(devh_);
    if (dev_) uvc_unref_device(dev_);
    if (ctx_) uvc_exit(ctx_);
    devh_ = nullptr;
    dev_ = nullptr;
    ctx_ = nullptr;
}

}  // namespace

Result<std::unique_ptr<Camera>> Camera::open_uvc(uint16_t vid, uint16_t pid,
                                                 CameraOptions options) {
    auto cam = std::make_unique<UvcCamera>(vid, pid, options);
    INTAKE_TRY(cam->open());
    return std::unique_ptr<Camera>(std::move(cam));
}

}  // namespace intake::drivers
