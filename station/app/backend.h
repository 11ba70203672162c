// Backend: the one object QML sees. It owns the adapters (first run, session, staff, cases,
// photos, scans, prescription, review, hand-out, outbox, settings, workflow), each a thin QObject
// over a core library, and exposes each once as a typed property. MockBackend.qml mirrors them for
// device-free tests; tests/app/backend_contract_test.cpp fails when the two drift apart.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "app_paths.h"

Q_MOC_INCLUDE("first_run_adapter.h")
Q_MOC_INCLUDE("session_adapter.h")
Q_MOC_INCLUDE("staff_adapter.h")
Q_MOC_INCLUDE("case_adapter.h")
Q_MOC_INCLUDE("photos_adapter.h")
Q_MOC_INCLUDE("scans_adapter.h")
Q_MOC_INCLUDE("prescription_adapter.h")
Q_MOC_INCLUDE("review_adapter.h")
Q_MOC_INCLUDE("handout_adapter.h")
Q_MOC_INCLUDE("outbox_adapter.h")
Q_MOC_INCLUDE("settings_adapter.h")
Q_MOC_INCLUDE("workflow_adapter.h")

namespace intake::app {

class AppContext;
class CameraFrames;
class FirstRunAdapter;
class SessionAdapter;
class StaffAdapter;
class CaseAdapter;
class PhotosAdapter;
class ScansAdapter;
class PrescriptionAdapter;
class ReviewAdapter;
class HandoutAdapter;
class OutboxAdapter;
class SettingsAdapter;
class WorkflowAdapter;

class Backend : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString practiceName READ practice_name NOTIFY practiceChanged)
    Q_PROPERTY(intake::app::FirstRunAdapter* firstRun READ first_run CONSTANT)
    Q_PROPERTY(intake::app::SessionAdapter* session READ session CONSTANT)
    Q_PROPERTY(intake::app::StaffAdapter* staff READ staff CONSTANT)
    Q_PROPERTY(intake::app::CaseAdapter* cases READ cases CONSTANT)
    Q_PROPERTY(intake::app::PhotosAdapter* photos READ photos CONSTANT)
    Q_PROPERTY(intake::app::ScansAdapter* scans READ scans CONSTANT)
    Q_PROPERTY(intake::app::PrescriptionAdapter* prescription READ prescription CONSTANT)
    Q_PROPERTY(intake::app::ReviewAdapter* review READ review CONSTANT)
    Q_PROPERTY(intake::app::HandoutAdapter* handout READ handout CONSTANT)
    Q_PROPERTY(intake::app::OutboxAdapter* outbox READ outbox CONSTANT)
    Q_PROPERTY(intake::app::SettingsAdapter* settings READ settings CONSTANT)
    Q_PROPERTY(intake::app::WorkflowAdapter* workflow READ workflow CONSTANT)

  public:
    explicit Backend(AppConfig config, QObject* parent = nullptr);
    ~Backend() override;

    QString practice_name() const;
    FirstRunAdapter* first_run() const { return first_run_.get(); }
    SessionAdapter* session() const { return session_.get(); }
    StaffAdapter* staff() const { return staff_.get(); }
    CaseAdapter* cases() const { return cases_.get(); }
    PhotosAdapter* photos() const { return photos_.get(); }
    ScansAdapter* scans() const { return scans_.get(); }
    PrescriptionAdapter* prescription() const { return prescription_.get(); }
    ReviewAdapter* review() const { return review_.get(); }
    HandoutAdapter* handout() const { return handout_.get(); }
    OutboxAdapter* outbox() const { return outbox_.get(); }
    SettingsAdapter* settings() const { return settings_.get(); }
    WorkflowAdapter* workflow() const { return workflow_.get(); }

    AppContext& context() const { return *context_; }
    // The camera's latest frame, shared with the QML image provider "camera".
    std::shared_ptr<CameraFrames> camera_frames() const;

  signals:
    void practiceChanged();

  private:
    // The scan source chosen in Settings → Devices (or station.conf) goes to the scans step.
    void apply_scan_source();
    void refresh_device_status();

    // Declared before the adapters, so it outlives every adapter that holds a reference to it.
    std::unique_ptr<AppContext> context_;
    std::shared_ptr<CameraFrames> frames_;
    std::unique_ptr<SettingsAdapter> settings_;
    std::unique_ptr<FirstRunAdapter> first_run_;
    std::unique_ptr<SessionAdapter> session_;
    std::unique_ptr<StaffAdapter> staff_;
    std::unique_ptr<CaseAdapter> cases_;
    std::unique_ptr<PhotosAdapter> photos_;
    std::unique_ptr<ScansAdapter> scans_;
    std::unique_ptr<PrescriptionAdapter> prescription_;
    std::unique_ptr<OutboxAdapter> outbox_;
    std::unique_ptr<WorkflowAdapter> workflow_;
    std::unique_ptr<ReviewAdapter> review_;
    std::unique_ptr<HandoutAdapter> handout_;
};

}  // namespace intake::app
