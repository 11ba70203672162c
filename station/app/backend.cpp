#include "backend.h"

#include "camera_frames.h"
#include "case_adapter.h"
#include "first_run_adapter.h"
#include "handout_adapter.h"
#include "outbox_adapter.h"
#include "photos_adapter.h"
#include "prescription_adapter.h"
#include "review_adapter.h"
#include "scanner_link.h"
#include "scans_adapter.h"
#include "session_adapter.h"
#include "settings_adapter.h"
#include "staff_adapter.h"
#include "workflow_adapter.h"

namespace intake::app {

Backend::Backend(AppConfig config, QObject* parent)
    : QObject(parent), context_(std::make_unique<AppContext>(std::move(config))) {
    auto& ctx = *context_;
    if (auto st = ctx.open_store(); !st)
        ctx.store().set_error(QString::fromStdString(st.error().to_string()));
    settings_ = std::make_unique<SettingsAdapter>(ctx);
    frames_ = std::make_shared<CameraFrames>(ctx.config().demo_data,
                                             settings_->camera_source().toStdString());
    first_run_ = std::make_unique<FirstRunAdapter>(ctx, *settings_);
    session_ = std::make_unique<SessionAdapter>(ctx);
    staff_ = std::make_unique<StaffAdapter>(ctx);
    cases_ = std::make_unique<CaseAdapter>(ctx);
    photos_ = std::make_unique<PhotosAdapter>(ctx, *frames_);
    scans_ = std::make_unique<ScansAdapter>(ctx);
    prescription_ = std::make_unique<PrescriptionAdapter>(ctx);
    outbox_ = std::make_unique<OutboxAdapter>(ctx);
    workflow_ = std::make_unique<WorkflowAdapter>(ctx);
    review_ = std::make_unique<ReviewAdapter>(ctx, *outbox_, *workflow_);
    handout_ = std::make_unique<HandoutAdapter>(ctx);
    apply_scan_source();
    connect(settings_.get(), &SettingsAdapter::devicesChanged, this, &Backend::apply_scan_source);
    connect(settings_.get(), &SettingsAdapter::devicesChanged, this, [this] {
        frames_->use_source(settings_->camera_source().toStdString());
        refresh_device_status();
    });
    connect(staff_.get(), &StaffAdapter::signedInUserDisabled, session_.get(),
            &SessionAdapter::sign_out_disabled);
    connect(settings_.get(), &SettingsAdapter::devicesChanged, this, &Backend::practiceChanged);
    // Live status: the scanner's line follows the scans adapter (a folder being watched, a head
    // unplugged).
    connect(scans_.get(), &ScansAdapter::changed, this, &Backend::refresh_device_status);
    // The first-run screen names the practice: the title follows.
    connect(first_run_.get(), &FirstRunAdapter::changed, this, &Backend::practiceChanged);
}

void Backend::apply_scan_source() {
    const QString source = settings_->scan_source();
    std::unique_ptr<ScannerLink> link;
    if (source == "usb")
        link = ScannerLink::usb();
    else if (source != "folder")
        link = ScannerLink::simulated(context_->config().demo_data, context_->home());
    scans_->use_source(source == "usb" || source == "folder" ? source : "sim",
                       settings_->scan_folder(), std::move(link));
    refresh_device_status();
}

void Backend::refresh_device_status() {
    settings_->set_devices({
        QVariantMap{{"name", "Scanner"}, {"status", scans_->property("deviceStatus")}},
        QVariantMap{{"name", "Camera"}, {"status", photos_->property("cameraStatus")}},
    });
}

Backend::~Backend() {
    // The outbox worker may be mid-upload: stop it before the adapters it reports to go away.
    outbox_->stop();
}

QString Backend::practice_name() const {
    const bool simulated = settings_->scan_source() == "sim" && settings_->camera_source() == "sim";
    return context_->practice_name + (simulated ? " · simulated devices" : "");
}
std::shared_ptr<CameraFrames> Backend::camera_frames() const { return frames_; }

}  // namespace intake::app
