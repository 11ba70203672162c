#include "app_context.h"

#include <system_error>

#include "base/file_io.h"
#include "draft_state.h"
#include "station/record/audit_log.h"
#include "station/record/demo_data.h"
#include "station/record/pin_auth.h"
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
    return config_.home / "appointments" / case_id.toStdString();
}

Status AppContext::open_store() {
    // Owner-only, whatever the umask: every folder under the home holds patient data.
    if (auto made = create_private_directories(config_.home); !made)
        return fail(made.error().code, "cannot create the data directory: " + made.error().message);
    auto store = rec::Store::open(rec::Store::default_path(config_.home));
    if (!store) return fail(store.error());
    store_ = std::make_unique<rec::Store>(std::move(*store));
    audit_ = std::make_unique<rec::AuditLog>(*store_);
    // The demo practice, patient, case DEMO-1 and users (PIN 1111 / 2222) only when asked
    // (--demo): the record library's seed, the same one `intake case seed-demo` uses. A real
    // practice starts empty and enrols its first clinician on the first-run screen.
    if (config_.demo) {
        auto demo = rec::seed_demo_data(*store_, rec::CivilDate::today(),
                                        rec::DemoSeedOptions{config_.pin_options, audit_.get()});
        if (!demo) return fail(demo.error());
    }
    auto practices = store_->practices();
    if (practices && !practices->empty())
        practice_name = QString::fromStdString(practices->front().name);
    return ok();
}

Result<rec::Actor> AppContext::actor() const {
    auto parsed = rec::parse_role(role.toStdString());
    if (user_id.isEmpty() || !parsed) return fail(Errc::access_denied, "nobody is signed in");
    return rec::Actor{user_id.toStdString(), user_name.toStdString(), *parsed};
}

void AppContext::clear_draft() {
    photos.clear();
    scans.clear();
    bite_verdict.clear();
    bite_reason.clear();
    keep_all_attachments = true;
    attachments_teeth.clear();
    attachments_reason.clear();
    attachments_confirmed = false;
    treat_arches = "both";
    instructions.clear();
    free_text.clear();
    lab_text.clear();
    page.clear();
}

// A finished appointment (hand-out given) is not resumed: the next visit starts afresh.
void AppContext::restore_or_reset() {
    const std::string id = case_id.toStdString();
    workflow_ = std::make_unique<rec::Workflow>(id, audit_.get());
    resumed = false;
    if (!store_) return;
    std::optional<rec::WorkflowRecord> row;
    {
        std::lock_guard lock(store_mutex_);
        auto found = store_->find_workflow(id);
        if (!found) {
            store_error = QString::fromStdString(found.error().to_string());
            return;
        }
        row = *found;
    }
    if (!row) return;
    auto state = nlohmann::json::parse(row->state_json, nullptr, /*allow_exceptions=*/false);
    auto restored = rec::Workflow::from_json(state, id, audit_.get());
    if (!restored) {
        store_error = QString::fromStdString(restored.error().to_string());
        return;
    }
    if (!restored->next_step()) return;
    *workflow_ = std::move(*restored);
    restore_draft(*this, row->draft_json);
    resumed = true;
}

void AppContext::begin_case(QString id, QString patient, bool open) {
    if (save_timer_.isActive()) save_progress();  // the case in hand keeps its last changes
    case_id = std::move(id);
    patient_name = std::move(patient);
    case_open = open;
    clear_draft();
    restore_or_reset();
    emit caseChanged();
    emit draftChanged();
}

void AppContext::notify_draft() {
    emit draftChanged();
    if (workflow_ && store_) save_timer_.start();
}

bool AppContext::save_progress() {
    save_timer_.stop();
    if (!workflow_ || !store_ || case_id.isEmpty()) return false;
    rec::WorkflowRecord row{case_id.toStdString(), workflow_->to_json().dump(),
                            draft_to_json(*this), ""};
    std::lock_guard lock(store_mutex_);
    if (auto st = store_->save_workflow(row); !st) {
        store_error = QString::fromStdString(st.error().to_string());
        return false;
    }
    return true;
}

}  // namespace intake::app
