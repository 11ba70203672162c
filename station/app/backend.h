// Backend: the one object QML sees. It owns the adapters (session, cases, photos, scans,
// prescription, review, hand-out, outbox, settings, workflow), each a thin QObject over a core
// library. MockBackend.qml mirrors these properties for device-free tests.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "app_paths.h"

namespace intake::app {

class AppContext;
class CameraFrames;
class SessionAdapter;
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
    Q_PROPERTY(QString practiceName READ practice_name CONSTANT)
    Q_PROPERTY(QObject* session READ session CONSTANT)
    Q_PROPERTY(QObject* cases READ cases CONSTANT)
    Q_PROPERTY(QObject* photos READ photos CONSTANT)
    Q_PROPERTY(QObject* scans READ scans CONSTANT)
    Q_PROPERTY(QObject* prescription READ prescription CONSTANT)
    Q_PROPERTY(QObject* review READ review CONSTANT)
    Q_PROPERTY(QObject* handout READ handout CONSTANT)
    Q_PROPERTY(QObject* outbox READ outbox CONSTANT)
    Q_PROPERTY(QObject* settings READ settings CONSTANT)
    Q_PROPERTY(QObject* workflow READ workflow CONSTANT)

  public:
    explicit Backend(AppConfig config, QObject* parent = nullptr);
    ~Backend() override;

    QString practice_name() const;
    QObject* session() const;
    QObject* cases() const;
    QObject* photos() const;
    QObject* scans() const;
    QObject* prescription() const;
    QObject* review() const;
    QObject* handout() const;
    QObject* outbox() const;
    QObject* settings() const;
    QObject* workflow() const;

    // Typed access for tests and main().
    SessionAdapter& session_adapter() const { return *session_; }
    CaseAdapter& case_adapter() const { return *cases_; }
    PhotosAdapter& photos_adapter() const { return *photos_; }
    ScansAdapter& scans_adapter() const { return *scans_; }
    PrescriptionAdapter& prescription_adapter() const { return *prescription_; }
    ReviewAdapter& review_adapter() const { return *review_; }
    HandoutAdapter& handout_adapter() const { return *handout_; }
    OutboxAdapter& outbox_adapter() const { return *outbox_; }
    SettingsAdapter& settings_adapter() const { return *settings_; }
    WorkflowAdapter& workflow_adapter() const { return *workflow_; }
    AppContext& context() const { return *context_; }
    // The camera's latest frame, shared with the QML image provider "camera".
    std::shared_ptr<CameraFrames> camera_frames() const;

  private:
    std::unique_ptr<AppContext> context_;
    std::shared_ptr<CameraFrames> frames_;
    std::unique_ptr<SessionAdapter> session_;
    std::unique_ptr<CaseAdapter> cases_;
    std::unique_ptr<PhotosAdapter> photos_;
    std::unique_ptr<ScansAdapter> scans_;
    std::unique_ptr<PrescriptionAdapter> prescription_;
    std::unique_ptr<ReviewAdapter> review_;
    std::unique_ptr<HandoutAdapter> handout_;
    std::unique_ptr<OutboxAdapter> outbox_;
    std::unique_ptr<SettingsAdapter> settings_;
    std::unique_ptr<WorkflowAdapter> workflow_;
};

}  // namespace intake::app
