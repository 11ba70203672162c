#include "photos_adapter.h"

#include <system_error>

#include "async.h"
#include "base/file_io.h"
#include "camera_frames.h"
#include "capture/views.h"
#include "drivers/card_import.h"
#include "photo_checker.h"

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
    for (const auto& v : intake::capture::all_views()) {
        std::string key(v.key);
        rows.push_back({key,
                        QString::fromUtf8(v.name.data(), static_cast<qsizetype>(v.name.size())),
                        guide_for(key)});
    }
    return rows;
}

// The simulated DSLR card of the embedded defaults: <home>/demo-card/DCIM/100DEMO/ holding
// links to the bundled photos, named the way a camera numbers its shots.
std::filesystem::path demo_card(const AppConfig& config) {
    namespace fs = std::filesystem;
    const fs::path card = config.home / "demo-card";
    const fs::path session = card / "DCIM" / "100DEMO";
    std::error_code ec;
    if (fs::is_directory(session, ec)) return card;
    const char* const photos[] = {"0-0.png", "0-1.png", "0-2.png", "0-3.png",
                                  "0-4.png", "1-1.png", "1-3.png", "1-4.png"};
    (void)create_private_directories(session);  // a failure leaves the card empty: said on screen
    int n = 0;
    for (const char* name : photos) {
        const fs::path source = config.demo_data / "photos" / name;
        if (!fs::is_regular_file(source, ec)) continue;
        fs::create_symlink(fs::absolute(source, ec),
                           session / ("IMG_000" + std::to_string(++n) + ".PNG"), ec);
    }
    return card;
}

}  // namespace

PhotosAdapter::PhotosAdapter(AppContext& context, CameraFrames& frames, QObject* parent)
    : QObject(parent), context_(context), frames_(frames) {
    camera_status_ = frames_.status();
    camera_ready_ = frames_.ready();
    card_path_ = QString::fromStdString(demo_card(context_.config()).string());
    connect(&frames_, &CameraFrames::frameReady, this, &PhotosAdapter::on_frame,
            Qt::QueuedConnection);
    connect(&frames_, &CameraFrames::sourceChanged, this, [this] {
        camera_status_ = frames_.status();
        camera_ready_ = frames_.ready();
        emit changed();
    });
    connect(&context_, &AppContext::caseChanged, this, [this] {
        current_index_ = 0;
        rebuild_views();
    });
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
        if (auto it = context_.draft().photos.find(row.key); it != context_.draft().photos.end()) {
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
                context_.draft().photos[view_key] =
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
    context_.draft().photos.erase(views_[current_index_].toMap()["id"].toString().toStdString());
    context_.notify_draft();
    rebuild_views();
}

void PhotosAdapter::importCard(const QString& folder) {
    // The devices library reads the card (DCIM/<session>/, newest session first, in the camera's
    // numbering); this only assigns the newest session's photos to the views still to do.
    auto sessions = intake::drivers::scan_camera_card(folder.toStdString());
    if (!sessions) {
        message_ = QString::fromStdString(sessions.error().to_string());
        emit changed();
        return;
    }
    if (sessions->empty()) {
        message_ = folder + ": the card has a DCIM folder but no photos.";
        emit changed();
        return;
    }
    const auto& session = sessions->front();
    size_t next = 0;
    int imported = 0;
    for (const auto& view : views_) {
        const std::string key = view.toMap()["id"].toString().toStdString();
        if (context_.draft().photos.count(key) || next >= session.photos.size()) continue;
        auto stored =
            copy_into_draft(context_.draft_dir() / "photos", key, session.photos[next++].path);
        if (!stored) {
            message_ = QString::fromStdString(stored.error().to_string());
            emit changed();
            return;
        }
        check_and_store(key, *stored);
        ++imported;
    }
    message_ = QString("Imported %1 photo(s) from %2 (session %3, %4 on the card).")
                   .arg(imported)
                   .arg(folder, QString::fromStdString(session.name))
                   .arg(session.photos.size());
    emit changed();
}

}  // namespace intake::app
