// CameraFrames: the live preview and stills from the camera driver (the simulated camera on
// embedded defaults). Frames are pulled on a worker thread; the latest is kept under a mutex and
// QML is told through a queued signal. CameraImageProvider serves it as image://camera/<n>.
#pragma once

#include <QImage>
#include <QObject>
#include <QQuickImageProvider>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"

namespace intake::drivers {
class Camera;
}

namespace intake::app {

struct Still {
    std::vector<std::byte> bytes;  // encoded image as the camera delivers it
    std::string extension;         // ".jpg" / ".png"
};

class CameraFrames : public QObject {
    Q_OBJECT
  public:
    // `source`: "sim" (the demo photos), "uvc" (the first UVC camera, drivers/camera.h) or
    // "card" (no live camera: photos come from the camera card on the photos step).
    explicit CameraFrames(std::filesystem::path demo_data, const std::string& source = "sim");
    ~CameraFrames() override;

    // Switches to another source at once (Settings → Devices): the running camera is stopped
    // and released before the new one opens, so a UVC device is never held twice.
    void use_source(const std::string& source);
    const std::string& source() const { return source_; }

    bool ready() const { return camera_ != nullptr; }
    QString status() const { return status_; }
    void start_preview();
    void stop_preview();
    QImage latest() const;
    // Presses the camera's button and returns the still (called off the GUI thread).
    Result<Still> capture_still();

  signals:
    void frameReady();
    void sourceChanged();  // status() and ready() describe the new source

  private:
    void preview_loop();
    void open(const std::string& source);
    void close();
    void open_simulated(const std::filesystem::path& demo_data);
    void open_uvc();

    std::filesystem::path demo_data_;
    std::string source_;

    std::unique_ptr<intake::drivers::Camera> camera_;
    std::mutex camera_mutex_;  // the driver object is used by the preview and capture threads
    mutable std::mutex frame_mutex_;
    QImage latest_;
    QString status_;
    std::thread thread_;
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    std::atomic<bool> previewing_{false};
    std::atomic<bool> quit_{false};
};

class CameraImageProvider : public QQuickImageProvider {
  public:
    explicit CameraImageProvider(std::shared_ptr<CameraFrames> frames)
        : QQuickImageProvider(QQuickImageProvider::Image), frames_(std::move(frames)) {}
    QImage requestImage(const QString& id, QSize* size, const QSize& requested) override;

  private:
    std::shared_ptr<CameraFrames> frames_;
};

}  // namespace intake::app
