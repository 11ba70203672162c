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
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "app_paths.h"
#include "appointment_changes.h"
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
    // Writes the workflow and draft to the store now, over the version this station read
    // (update_workflow: another station's write in between is never overwritten). False
    // (progress_error() says why) on failure; when another station had changed the case, the
    // case is reloaded from the store instead and other_station_change() says what changed.
    bool save_progress();
    const QString& progress_error() const { return progress_error_; }
    bool reloaded_on_save() const { return reloaded_on_save_; }

    // Several stations on one case (a practice's PostgreSQL, or one SQLite file): the version
    // of the case's row this station last read or wrote (0: the case has no row yet).
    int64_t version() const { return version_; }
    // Set when another station changed the case in hand: what it changed, in words, and that
    // the screens now show the stored state. "" when nothing happened or once acknowledged.
    const QString& other_station_change() const { return other_station_change_; }
    void acknowledge_other_station_change();
    // Asks the store for the case's version (the watch does this every kWatchIntervalMs while a
    // case is open) and reloads the case when another station wrote it. True when it reloaded.
    bool check_for_other_station();
    // SQLite: the version is polled every kWatchIntervalMs. PostgreSQL: the store pushes each
    // write (LISTEN/NOTIFY, `workflow_changed`); the watch takes what arrived every
    // kPushedIntervalMs, without a query.
    static constexpr int kWatchIntervalMs = 1000;
    static constexpr int kPushedIntervalMs = 250;

  signals:
    void caseChanged();
    void draftChanged();
    void otherStationChanged();

  private:
    void restore_or_reset();
    // Replaces the workflow and draft with the store's row and says what another station changed
    // (`lost_here`: a change made on this station was refused and must be made again).
    void reload_from_store(bool lost_here);

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
    int64_t version_ = 0;
    AppointmentRow base_;  // the row at version_, to tell what another station changed
    QString other_station_change_;
    bool reloaded_on_save_ = false;
    QTimer watch_timer_;
    bool pushed_ = false;  // the store pushes workflow changes (PostgreSQL)
    // The newest version pushed for the case in hand (none yet: nothing announced).
    std::optional<int64_t> pushed_version_;
    std::optional<int64_t> stored_version();
};

}  // namespace intake::app
