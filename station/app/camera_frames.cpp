#include "camera_frames.h"

#include <QColor>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <system_error>

#include "drivers/camera.h"
#include "photo_checker.h"

namespace intake::app {

namespace {
// The simulated camera serves its photos in turn, one per frame: a slow preview keeps each
// on screen long enough to read; a real UVC camera would be pulled at its own rate.
constexpr auto kPreviewInterval = std::chrono::milliseconds(700);

// What the simulated camera serves: the image files of the demo photo folder in name order.
// (Not a camera card: cards are read by drivers/card_import.h on the photo screen.)
Result<std::vector<std::filesystem::path>> simulated_photos(const std::filesystem::path& folder) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        std::string ext = entry.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (entry.is_regular_file(ec) && (ext == ".jpg" || ext == ".jpeg" || ext == ".png"))
            files.push_back(entry.path());
    }
    if (ec) return fail(Errc::not_found, folder.string() + ": " + ec.message());
    if (files.empty()) return fail(Errc::not_found, folder.string() + ": no photos to serve");
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

CameraFrames::CameraFrames(std::filesystem::path demo_data, const std::string& source)
    : demo_data_(std::move(demo_data)) {
    open(source);
}

void CameraFrames::open(const std::string& source) {
    source_ = source;
    if (source == "card") {
        status_ = "Camera card import: choose the card's DCIM folder on the photos step";
        return;
    }
    if (source == "uvc")
        open_uvc();
    else
        open_simulated(demo_data_);
    if (camera_) thread_ = std::thread([this] { preview_loop(); });
}

// The preview thread first (it pulls frames), then the driver under the capture lock (a still
// may be in flight on a worker thread).
void CameraFrames::close() {
    quit_ = true;
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    quit_ = false;
    std::lock_guard lock(camera_mutex_);
    if (camera_) camera_->stop();
    camera_.reset();
    std::lock_guard frame_lock(frame_mutex_);
    latest_ = QImage();
}

void CameraFrames::use_source(const std::string& source) {
    if (source == source_) return;
    const bool was_previewing = previewing_;
    close();
    {
        std::lock_guard lock(camera_mutex_);  // status_ and camera_ as capture_still reads them
        open(source);
    }
    previewing_ = was_previewing;
    emit sourceChanged();
}

void CameraFrames::open_uvc() {
    auto camera = intake::drivers::Camera::open_uvc();
    if (!camera) {
        status_ = "UVC camera not ready: " + QString::fromStdString(camera.error().message);
        return;
    }
    if (auto st = (*camera)->start(); !st) {
        status_ = "UVC camera not ready: " + QString::fromStdString(st.error().message);
        return;
    }
    camera_ = std::move(*camera);
    status_ = "UVC camera ready";
}

void CameraFrames::open_simulated(const std::filesystem::path& demo_data) {
    auto photos = simulated_photos(demo_data / "photos");
    if (!photos) {
        status_ = "Camera not ready: " + QString::fromStdString(photos.error().to_string());
        return;
    }
    auto camera = intake::drivers::Camera::open_simulated_photos(*photos);
    if (!camera) {
        status_ = "Camera not ready: " + QString::fromStdString(camera.error().to_string());
        return;
    }
    if (auto st = (*camera)->start(); !st) {
        status_ = "Camera not ready: " + QString::fromStdString(st.error().to_string());
        return;
    }
    camera_ = std::move(*camera);
    status_ = QString("Simulated camera ready (%1 photos)").arg(photos->size());
}

CameraFrames::~CameraFrames() { close(); }

void CameraFrames::start_preview() {
    previewing_ = true;
    wake_.notify_all();
}

void CameraFrames::stop_preview() { previewing_ = false; }

QImage CameraFrames::latest() const {
    std::lock_guard lock(frame_mutex_);
    return latest_;
}

void CameraFrames::preview_loop() {
    while (!quit_) {
        {
            std::unique_lock lock(wake_mutex_);
            wake_.wait_for(lock, kPreviewInterval, [this] { return quit_.load(); });
        }
        if (quit_ || !previewing_) continue;
        std::vector<std::byte> jpeg;
        {
            std::lock_guard lock(camera_mutex_);
            auto frame = camera_->next_frame(std::chrono::milliseconds(500));
            if (!frame) continue;
            jpeg = std::move(frame->jpeg);
        }
        QImage image = QImage::fromData(reinterpret_cast<const uchar*>(jpeg.data()),
                                        static_cast<int>(jpeg.size()), "JPG");
        if (image.isNull()) continue;
        image = image.scaled(960, 720, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        {
            std::lock_guard lock(frame_mutex_);
            latest_ = std::move(image);
        }
        emit frameReady();  // queued to the adapter's (GUI) thread
    }
}

Result<Still> CameraFrames::capture_still() {
    std::lock_guard lock(camera_mutex_);
    if (!camera_) return fail(Errc::not_found, status_.toStdString());
    camera_->press_button();
    auto frame = camera_->next_still(std::chrono::milliseconds(3000));
    if (!frame) return fail(frame.error());
    return Still{std::move(frame->jpeg), ".jpg"};
}

QImage CameraImageProvider::requestImage(const QString&, QSize* size, const QSize& requested) {
    QImage image = frames_->latest();
    if (image.isNull()) {
        image = QImage(640, 480, QImage::Format_RGB32);
        image.fill(QColor("#101418"));
    }
    if (requested.isValid() && !requested.isEmpty())
        image = image.scaled(requested, Qt::KeepAspectRatio);
    if (size) *size = image.size();
    return image;
}

}  // namespace intake::app
