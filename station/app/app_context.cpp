#include <system_error>

#include "app_context.h"
#include "base/file_io.h"
#include "draft_state.h"
#include "station/record/audit_log.h"
#include "station/record/demo_data.h"
#include "station/record/pin_auth.h"
#include "station/record/pin_pepper.h"
#include "station/record/store.h"
#include "station/record/workflow.h"

namespace intake::app {

namespace rec = intake::record;

AppContext::AppContext(AppConfig config) : config_(std::move(config)) {
    save_timer_.setSingleShot(true);
    save_timer_.setInterval(250);
    connect(&save_timer_, &QTimer::timeout, this, [this] { save_progress(); });
}

AppContext::~AppContext() {
    if (save_timer_.isActive()) save_progress();
}

std::filesystem::path AppContext::draft_dir() const {
    return config_.home / "appointments" / case_id_.toStdString();
}

std::string AppContext::database() const {
    const std::string& named = config_.station.database;
    return named.empty() ? rec::Store::default_path(config_.home).string() : named;
}

Status AppContext::open_store() {
    // Owner-only, whatever the umask: every folder under the home holds patient data.
    if (auto made = create_private_directories(config_.home); !made)
        return fail(made.error().code, "cannot create the data directory: " + made.error().message);
    // station.conf's `database` (or --database): an SQLite file or the practice's PostgreSQL.
    auto opened = rec::Store::open_location(database());
    if (!opened) return fail(opened.error());
    // PostgreSQL has no station.db folder for the PIN pepper: it stays in the home's keys, as
    // the CLI keeps it (every station of the practice holds the same copy).
    if (opened->path().empty() && config_.pin_options.pepper_file.empty())
        config_.pin_options.pepper_file = rec::pin_pepper_path(config_.home);
    store_.adopt(std::move(*opened));
    return store_.with_store([&](rec::Store& store, rec::AuditLog& audit) -> Status {
        // The demo practice, patient, case DEMO-1 and users (PIN 1111 / 2222) only when asked
        // (--demo): the record library's seed, the same one `intake case seed-demo` uses. A real
        // practice starts empty and enrols its first clinician on the first-run screen.
        if (config_.demo) {
            auto demo = rec::seed_demo_data(store, rec::CivilDate::today(),
                                            rec::DemoSeedOptions{config_.pin_options, &audit});
            if (!demo) return fail(demo.error());
        }
        auto practices = store.practices();
        if (practices && !practices->empty())
            practice_name = QString::fromStdString(practices->front().name);
        return ok();
    });
}

// A finished appointment (hand-out given) is not resumed: the next visit starts afresh.
void AppContext::restore_or_reset() {
    const std::string id = case_id_.toStdString();
    resumed_ = false;
    // The workflow keeps the audit log to append its transitions to; callers reach it under the
    // store's lock (see workflow()).
    rec::AuditLog* audit_log = nullptr;
    std::optional<rec::WorkflowRecord> row;
    store_.with_store([&](rec::Store& store, rec::AuditLog& audit) {
        audit_log = &audit;
        auto found = store.find_workflow(id);
        if (!found)
            progress_error_ = QString::fromStdString(found.error().to_string());
        else
            row = *found;
    });
    workflow_ = std::make_unique<rec::Workflow>(id, audit_log);
    if (!row) return;
    auto state = nlohmann::json::parse(row->state_json, nullptr, /*allow_exceptions=*/false);
    auto restored = rec::Workflow::from_json(state, id, audit_log);
    if (!restored) {
        progress_error_ = QString::fromStdString(restored.error().to_string());
        return;
    }
    if (!restored->next_step()) return;
    *workflow_ = std::move(*restored);
    restore_draft(draft_, row->draft_json);
    resumed_ = true;
}

void AppContext::begin_case(QString id, QString patient, bool open) {
    if (save_timer_.isActive()) save_progress();  // the case in hand keeps its last changes
    case_id_ = std::move(id);
    patient_name_ = std::move(patient);
    case_open_ = open;
    draft_.clear();
    restore_or_reset();
    emit caseChanged();
    emit draftChanged();
}

void AppContext::notify_draft() {
    emit draftChanged();
    if (workflow_ && store_.available()) save_timer_.start();
}

bool AppContext::save_progress() {
    save_timer_.stop();
    if (!workflow_ || !store_.available() || case_id_.isEmpty()) return false;
    rec::WorkflowRecord row{case_id_.toStdString(), workflow_->to_json().dump(),
                            draft_to_json(draft_), ""};
    auto saved = store_.with_store(
        [&](rec::Store& store, rec::AuditLog&) { return store.save_workflow(row); });
    if (!saved) {
        progress_error_ = QString::fromStdString(saved.error().to_string());
        return false;
    }
    return true;
}

}  // namespace intake::app
