// AppContext: what the adapters share during one appointment — who is signed in, the case in
// hand, and the refinement draft (photos, scans, verdicts, prescription). The core libraries own
// the rules; this only remembers what the app has gathered so far and tells adapters it changed.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app_paths.h"
#include "base/result.h"
#include "mesh/mesh.h"
#include "station/record/roles.h"

namespace intake::record {
class Store;
class AuditLog;
class Workflow;
}  // namespace intake::record

namespace intake::app {

struct PhotoShot {
    std::filesystem::path file;  // the stored JPEG/PNG in the case folder
    QString verdict;             // pass / warn / fail from the photo check
    QString reason;
    std::vector<std::string> reasons;  // every finding, for the gate
    int long_side = 0;
    std::optional<double> sharpness;
};

struct ArchScan {
    std::filesystem::path file;  // the cleaned mesh in the case folder
    QString verdict;             // QA verdict
    QString reasons;
    std::vector<std::string> reason_list;
    std::filesystem::path raw_file;  // as the scanner delivered it (the package keeps both)
    int voids = 0;
    std::shared_ptr<const intake::mesh::Mesh> mesh;  // cleaned, for bite and compare
    int64_t triangles = 0;  // of the cleaned mesh; kept when a resumed draft has no mesh loaded
    // Taken while the decision was to keep the attachments (they were on the teeth). The QA
    // verdict above stays the scan's own; a removal decision fails it for a rescan beside that
    // (station/record's scan_standing), and going back to keep-all restores it.
    bool taken_with_attachments = true;
};

// One movement instruction as the clinician entered it (station/record's Instruction).
struct Instruction {
    QString teeth;  // "24", "11, 21", "lower 3-3"; IPR: the contact "33/34"; elastic: ""
    QString movement;
    double amount = 0;  // in the movement's unit (mm or degrees); unused when it takes none
    QString note;       // "into better occlusion"
    QString from, to, elastic_class;  // elastics: the hook teeth and the class (I, II, III)
};

class AppContext : public QObject {
    Q_OBJECT
  public:
    explicit AppContext(AppConfig config);
    ~AppContext() override;

    // Opens <home>/station.db; with --demo also seeds the demo practice/patient/case and users
    // (station/record's seed_demo_data). A failure leaves store() null and is returned for the
    // screens to show.
    Status open_store();
    intake::record::Store* store() const { return store_.get(); }
    intake::record::AuditLog* audit() const { return audit_.get(); }
    // The store is one SQLite connection: callers on worker threads hold this lock.
    std::mutex& store_mutex() { return store_mutex_; }
    QString store_error;
    QString practice_name = "Intake Station";
    QString user_id;

    const AppConfig& config() const { return config_; }
    std::filesystem::path home() const { return config_.home; }
    // <home>/appointments/<case>/ : where this refinement's photos, scans and rx are stored.
    std::filesystem::path draft_dir() const;

    QString user_name, role;
    // The signed-in person as the core's Actor: every protected action passes it to station/record,
    // which checks it against the store and audits it. access_denied when nobody is signed in.
    Result<intake::record::Actor> actor() const;
    QString case_id, patient_name;
    bool case_open = false;
    QString lab_endpoint;

    std::map<std::string, PhotoShot> photos;  // by view key
    std::map<std::string, ArchScan> scans;    // "upper", "lower", "bite"
    QString bite_verdict, bite_reason;
    bool keep_all_attachments = true;
    // A removal (keep_all_attachments false): which attachments come off ("" = all of them), the
    // clinician's own reason (never filled in for them) and their explicit confirmation.
    QString attachments_teeth, attachments_reason;
    bool attachments_confirmed = false;
    QString treat_arches = "both";
    int aligner_now_upper = 0, aligner_now_lower = 0;  // the aligner worn now (0: not given)
    std::vector<Instruction> instructions;
    QString free_text;
    QString lab_text;

    // Starts the appointment on a case: resumes the workflow and draft kept in the store for it
    // (a crash or restart mid-appointment), else a fresh draft (photos/scans/rx cleared).
    void begin_case(QString id, QString patient, bool open);
    // The draft changed: tell the screens and keep it in the store shortly after (debounced so
    // typing free text does not fsync per key; flushed on destruction and on each step).
    void notify_draft();
    // Writes the workflow and draft to the store now. False (and store_error set) on failure.
    bool save_progress();

    // The six steps of this appointment (station/record/workflow.h); null until a case is open.
    intake::record::Workflow* workflow() const { return workflow_.get(); }
    // The wizard page the user was on, so a resumed appointment opens where it stopped.
    QString page;
    bool resumed = false;  // begin_case found an appointment in progress

  signals:
    void caseChanged();
    void draftChanged();
    void sessionChanged();

  private:
    AppConfig config_;
    std::mutex store_mutex_;
    std::unique_ptr<intake::record::Store> store_;
    std::unique_ptr<intake::record::AuditLog> audit_;
    std::unique_ptr<intake::record::Workflow> workflow_;
    QTimer save_timer_;
    void restore_or_reset();
    void clear_draft();
};

}  // namespace intake::app
