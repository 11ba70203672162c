#include "photos_adapter.h"

#include <QDir>
#include <QDirIterator>

#include "async.h"
#include "camera_frames.h"
#include "photo_checker.h"

#if __has_include("capture/views.h") && defined(INTAKE_CAPTURE_BUILT)
#include "capture/views.h"
#define INTAKE_APP_HAS_VIEWS 1
#else
#define INTAKE_APP_HAS_VIEWS 0
#endif

namespace intake::app {
namespace {

struct ViewRow {
    std::string key;
    QString title;
    QString guide;
};

// The silhouette each view is lined up with (SilhouetteGuide.qml).
QString guide_for(const std::string& key) {
    if (key.find("profile") != std::string::npos) return "profile";
    if (key.rfind("extraoral", 0) == 0) return "face";
    if (key.find("occlusal") != std::string::npos) return "occlusal";
    if (key.find("frontal") != std::string::npos) return "front";
    return "buccal";
}

std::vector<ViewRow> series() {
    std::vector<ViewRow> rows;
#if INTAKE_APP_HAS_VIEWS
    for (const auto& v : intake::capture::all_views()) {
        std::string key(v.key);
        rows.push_back({key,
                        QString::fromUtf8(v.name.data(), static_cast<qsizetype>(v.name.size())),
                        guide_for(key)});
    }
#endif
    return rows;
}

}  // namespace

PhotosAdapter::PhotosAdapter(AppContext& context, CameraFrames& frames, QObject* parent)
    : QObject(parent), context_(context), frames_(frames) {
    camera_status_ = frames_.status();
    camera_ready_ = frames_.ready();
    card_path_ = QString::fromStdString((context_.config().demo_data / "photos").string());
    connect(&frames_, &CameraFrames::frameReady, this, &PhotosAdapter::on_frame,
            Qt::QueuedConnection);
    connect(&context_, &AppContext::caseChanged, this, [this] {
        current_index_ = 0;
        rebuild_views();
    });
    if (!INTAKE_APP_HAS_VIEWS)
        message_ = "The photo series is not available: no capture/views.h in this build.";
    if (!photo_check_available()) message_ = photo_check_unavailable_reason();
    rebuild_views();
}

PhotosAdapter::~PhotosAdapter() = default;

void PhotosAdapter::rebuild_views() {
    views_.clear();
    for (const auto& row : series()) {
        QVariantMap v{{"id", QString::fromStdString(row.key)},
                      {"title", row.title},
                      {"guide", row.guide},
                      {"verdict", ""},
                      {"reason", ""}};
        if (auto it = context_.photos.find(row.key); it != context_.photos.end()) {
            v["verdict"] = it->second.verdict;
            v["reason"] = it->second.reason;
        }
        views_.append(v);
    }
    emit changed();
}

void PhotosAdapter::selectView(int index) {
    if (index < 0 || index >= views_.size()) return;
    current_index_ = index;
    emit changed();
}

void PhotosAdapter::set_preview_active(bool active) {
    if (preview_active_ == active) return;
    preview_active_ = active;
    if (active)
        frames_.start_preview();
    else
        frames_.stop_preview();
    emit changed();
}

void PhotosAdapter::on_frame() {
    preview_url_ = QString("image://camera/%1").arg(++frame_serial_);
    emit changed();
}

void PhotosAdapter::capture() {
    if (busy_ || views_.isEmpty()) return;
    const std::string key = views_[current_index_].toMap()["id"].toString().toStdString();
    busy_ = true;
    message_.clear();
    emit changed();
    CameraFrames* frames = &frames_;
    const auto dir = context_.draft_dir() / "photos";
    run_async<Result<std::filesystem::path>>(
        this,
        [frames, dir, key]() -> Result<std::filesystem::path> {
            auto still = frames->capture_still();
            if (!still) return fail(still.error());
            return save_still(dir, key, *still);
        },
        [this, key](AsyncOutcome<Result<std::filesystem::path>> out) {
            busy_ = false;
            if (!out.value || !*out.value) {
                message_ = out.value ? QString::fromStdString(out.value->error().to_string())
                                     : "Camera failed: " + QString::fromStdString(out.crash);
                emit changed();
                return;
            }
            check_and_store(key, out.value->value());
        });
}

void PhotosAdapter::check_and_store(const std::string& view_key,
                                    const std::filesystem::path& file) {
    busy_ = true;
    emit changed();
    run_async<PhotoVerdict>(
        this, [file, view_key]() { return check_photo(file, view_key); },
        [this, view_key, file](AsyncOutcome<PhotoVerdict> out) {
            busy_ = false;
            PhotoVerdict v =
                out.value
                    ? *out.value
                    : PhotoVerdict{"", "", "Check crashed: " + QString::fromStdString(out.crash),
                                   {}, 0,  {}};
            if (!v.error.isEmpty()) {
                message_ = v.error;
            } else {
                context_.photos[view_key] =
                    PhotoShot{file, v.verdict, v.reason, v.reasons, v.long_side, v.sharpness};
                context_.notify_draft();
                // Move on to the next view after a usable shot; stay for a retake on fail.
                if (v.verdict != "fail" && current_index_ + 1 < views_.size() &&
                    views_[current_index_].toMap()["id"].toString().toStdString() == view_key) {
                    ++current_index_;
                }
            }
            rebuild_views();
            emit photoChecked(QString::fromStdString(view_key), v.verdict);
        });
}

void PhotosAdapter::retake() {
    if (views_.isEmpty()) return;
    context_.photos.erase(views_[current_index_].toMap()["id"].toString().toStdString());
    context_.notify_draft();
    rebuild_views();
}

void PhotosAdapter::importCard(const QString& folder) {
    auto files = card_images(folder.toStdString());
    if (!files) {
        message_ = QString::fromStdString(files.error().to_string());
        emit changed();
        return;
    }
    // Card photos are taken in series order; assign them to the views still to do, in order.
    size_t next = 0;
    int imported = 0;
    for (const auto& view : views_) {
        const std::string key = view.toMap()["id"].toString().toStdString();
        if (context_.photos.count(key) || next >= files->size()) continue;
        auto stored = copy_into_draft(context_.draft_dir() / "photos", key, (*files)[next++]);
        if (!stored) {
            message_ = QString::fromStdString(stored.error().to_string());
            emit changed();
            return;
        }
        check_and_store(key, *stored);
        ++imported;
    }
    message_ = QString("Imported %1 photo(s) from %2.").arg(imported).arg(folder);
    emit changed();
}

}  // namespace intake::app
