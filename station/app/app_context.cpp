#include "app_context.h"

#include <system_error>

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
    // Other stations' writes to the case in hand show here within about a second (polling the
    // row's version: one indexed lookup on either engine).
    watch_timer_.setInterval(kWatchIntervalMs);
    connect(&watch_timer_, &QTimer::timeout, this, [this] { check_for_other_station(); });
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
    pushed_ = static_cast<bool>(opened->watch_workflows());
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
    version_ = row ? row->version : 0;
    base_ = row ? AppointmentRow{row->state_json, row->draft_json} : AppointmentRow{};
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
    other_station_change_.clear();
    restore_or_reset();
    pushed_version_.reset();
    if (store_.available() && !case_id_.isEmpty())
        watch_timer_.start(pushed_ ? kPushedIntervalMs : kWatchIntervalMs);
    else
        watch_timer_.stop();
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
    reloaded_on_save_ = false;
    auto saved = store_.with_store(
        [&](rec::Store& store, rec::AuditLog&) { return store.update_workflow(row, version_); });
    if (!saved) {
        progress_error_ = QString::fromStdString(saved.error().to_string());
        if (saved.error().code == Errc::conflict) {
            reload_from_store(/*lost_here=*/true);
            reloaded_on_save_ = true;
        }
        return false;
    }
    version_ = *saved;
    base_ = {row.state_json, row.draft_json};
    return true;
}

bool AppContext::check_for_other_station() {
    if (case_id_.isEmpty() || !workflow_ || !store_.available()) return false;
    const std::optional<int64_t> stored = stored_version();
    if (!stored || *stored <= version_) return false;  // only a newer write is news
    // A change of ours still waiting for the debounce meets the newer row as a stale write.
    if (save_timer_.isActive()) return !save_progress() && reloaded_on_save_;
    reload_from_store(/*lost_here=*/false);
    return true;
}

// The case's version as the store last told it: pushed (PostgreSQL; nullopt while no write of
// this case was announced) or read (SQLite, and PostgreSQL after its push was interrupted).
std::optional<int64_t> AppContext::stored_version() {
    const std::string id = case_id_.toStdString();
    if (pushed_) {
        auto news = store_.with_store(
            [&](rec::Store& store, rec::AuditLog&) { return store.workflow_changes(); });
        if (news && !news->interrupted) {
            for (const auto& change : news->changes)
                if (change.case_id == id) pushed_version_ = change.version;
            return pushed_version_;
        }
    }
    auto read = store_.with_store(
        [&](rec::Store& store, rec::AuditLog&) { return store.workflow_version(id); });
    if (!read) return std::nullopt;
    if (pushed_) pushed_version_ = *read;
    return *read;
}

void AppContext::acknowledge_other_station_change() {
    if (other_station_change_.isEmpty()) return;
    other_station_change_.clear();
    emit otherStationChanged();
}

void AppContext::reload_from_store(bool lost_here) {
    save_timer_.stop();
    const std::string id = case_id_.toStdString();
    rec::AuditLog* audit_log = nullptr;
    auto found = store_.with_store([&](rec::Store& store, rec::AuditLog& audit) {
        audit_log = &audit;
        return store.find_workflow(id);
    });
    if (!found) {
        progress_error_ = QString::fromStdString(found.error().to_string());
        return;
    }
    const AppointmentRow now =
        *found ? AppointmentRow{(*found)->state_json, (*found)->draft_json} : AppointmentRow{};
    const QStringList changes = describe_changes(base_, now);
    auto workflow = std::make_unique<rec::Workflow>(id, audit_log);
    AppointmentDraft draft;
    if (*found) {
        auto state = nlohmann::json::parse(now.state_json, nullptr, /*allow_exceptions=*/false);
        if (auto restored = rec::Workflow::from_json(state, id, audit_log); restored)
            *workflow = std::move(*restored);
        restore_draft(draft, now.draft_json);
    }
    // Meshes already read for scans that did not change stay (no second read); the page on
    // screen stays where this station's user is.
    for (auto& [arch, scan] : draft.scans) {
        auto mine = draft_.scans.find(arch);
        if (mine != draft_.scans.end() && mine->second.file == scan.file)
            scan.mesh = mine->second.mesh;
    }
    draft.page = draft_.page;
    workflow_ = std::move(workflow);
    draft_ = std::move(draft);
    version_ = *found ? (*found)->version : 0;
    base_ = now;
    other_station_change_ =
        "Another station changed case " + case_id_ + ": " +
        (changes.isEmpty() ? QString("it saved the case again") : changes.join("; ")) + "." +
        (lost_here ? " Your last change here was not saved: make it again." : QString());
    emit caseChanged();
    emit draftChanged();
    emit otherStationChanged();
}

}  // namespace intake::app
