// Photos: the live preview from the (simulated) camera, one entry per view of the series, the
// check verdict with its reason as soon as a shot is taken (checked off the GUI thread), retake,
// and import from a DSLR card folder.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <memory>

#include "app_context.h"

namespace intake::app {

class CameraFrames;

class PhotosAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QVariantList views MEMBER views_ NOTIFY changed)
    Q_PROPERTY(int currentIndex MEMBER current_index_ NOTIFY changed)
    Q_PROPERTY(QString previewUrl MEMBER preview_url_ NOTIFY changed)
    Q_PROPERTY(QString cameraStatus MEMBER camera_status_ NOTIFY changed)
    Q_PROPERTY(bool cameraReady MEMBER camera_ready_ NOTIFY changed)
    Q_PROPERTY(bool previewActive READ preview_active WRITE set_preview_active NOTIFY changed)
    Q_PROPERTY(bool busy MEMBER busy_ NOTIFY changed)
    Q_PROPERTY(QString cardPath MEMBER card_path_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)

  public:
    PhotosAdapter(AppContext& context, CameraFrames& frames, QObject* parent = nullptr);
    ~PhotosAdapter() override;

    Q_INVOKABLE void selectView(int index);
    Q_INVOKABLE void capture();
    Q_INVOKABLE void retake();
    Q_INVOKABLE void importCard(const QString& folder);

    bool preview_active() const { return preview_active_; }
    void set_preview_active(bool active);
    bool busy() const { return busy_; }
    const QVariantList& views() const { return views_; }

    // Checks an image file for `view_key` and records it in the draft (used by capture and import).
    void check_and_store(const std::string& view_key, const std::filesystem::path& source);

  signals:
    void changed();
    void photoChecked(const QString& view, const QString& verdict);

  private:
    void rebuild_views();
    void on_frame();

    AppContext& context_;
    CameraFrames& frames_;
    QVariantList views_;
    int current_index_ = 0;
    QString preview_url_, camera_status_, card_path_, message_;
    bool camera_ready_ = false;
    bool preview_active_ = false;
    bool busy_ = false;
    int frame_serial_ = 0;
};

}  // namespace intake::app
