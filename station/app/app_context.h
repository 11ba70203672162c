// AppContext: what the adapters share, as the few objects it is —
//   store()   the station's store and audit log, reachable only under their lock (store_access.h)
//   session() who is signed in (session.h)
//   draft()   what the appointment has gathered on the case in hand (appointment_draft.h)
// and the appointment itself: the case in hand, its six-step Workflow, and keeping both in the
// store so a crash or restart resumes them. The core libraries own the rules.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <filesystem>
#include <memory>

#include "app_paths.h"
#include "appointment_draft.h"
#include "base/result.h"
#include "session.h"
#include "station/record/roles.h"
#include "store_access.h"

namespace intake::record {
class Workflow;
}  // namespace intake::record

namespace intake::app {

class AppContext : public QObject {
    Q_OBJECT
  public:
    explicit AppContext(AppConfig config);
    ~AppContext() override;

    // Opens the store database() names (an SQLite file or the practice's PostgreSQL); with --demo
    // also seeds the demo practice/patient/case and users
    // (station/record's seed_demo_data). A failure leaves the store unavailable, with
    // store().error() saying why, for the screens to show.
    Status open_store();

    StoreAccess& store() { return store_; }
    Session& session() { return session_; }
    const Session& session() const { return session_; }
    AppointmentDraft& draft() { return draft_; }
    const AppointmentDraft& draft() const { return draft_; }
    // The signed-in person as the core's Actor (session().actor()).
    Result<intake::record::Actor> actor() const { return session_.actor(); }

    const AppConfig& config() const { return config_; }
    std::filesystem::path home() const { return config_.home; }
    // Where the store is: station.conf's `database` (or --database), an SQLite file or the
    // practice's postgresql:// URL; else <home>/station.db. The outbox follows it
    // (package::Outbox::open_location: the practice's shared outbox on PostgreSQL).
    std::string database() const;
    // <home>/appointments/<case>/ : where this refinement's photos, scans and rx are stored.
    std::filesystem::path draft_dir() const;

    // The practice's name and the lab endpoint as Settings resolved them (shown and used).
    QString practice_name = "Intake Station";
    QString lab_endpoint;

    // The case in hand (begin_case); empty until one is opened.
    const QString& case_id() const { return case_id_; }
    const QString& patient_name() const { return patient_name_; }
    bool case_open() const { return case_open_; }
    // The six steps of this appointment (station/record/workflow.h); null until a case is open.
    // Its transitions append to the audit log: call them inside store().with_store.
    intake::record::Workflow* workflow() const { return workflow_.get(); }
    bool resumed() const { return resumed_; }  // begin_case found an appointment in progress

    // Starts the appointment on a case: resumes the workflow and draft kept in the store for it
    // (a crash or restart mid-appointment), else a fresh draft (photos/scans/rx cleared).
    void begin_case(QString id, QString patient, bool open);
    // The draft changed: tell the screens and keep it in the store shortly after (debounced so
    // typing free text does not fsync per key; flushed on destruction and on each step).
    void notify_draft();
    // Writes the workflow and draft to the store now. False (progress_error() says why) on
    // failure.
    bool save_progress();
    const QString& progress_error() const { return progress_error_; }

  signals:
    void caseChanged();
    void draftChanged();

  private:
    void restore_or_reset();

    AppConfig config_;
    StoreAccess store_;
    Session session_;
    AppointmentDraft draft_;
    QString case_id_, patient_name_;
    bool case_open_ = false;
    bool resumed_ = false;
    std::unique_ptr<intake::record::Workflow> workflow_;
    QString progress_error_;
    QTimer save_timer_;
};

}  // namespace intake::app
