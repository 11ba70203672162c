// What every camera shares: waiting for the still. The cameras themselves live with their
// backend: the UVC camera in drivers/usb (uvc_camera.cpp), the simulated one in drivers/sim.
#include "drivers/camera.h"

namespace intake::drivers {

using Clock = std::chrono::steady_clock;

Result<CameraFrame> Camera::next_still(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return fail(Errc::timeout, describe() + ": the still button was not pressed in time");
        auto frame = next_frame(left);
        if (!frame || frame->still) return frame;
    }
}

}  // namespace intake::drivers
