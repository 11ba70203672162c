#include "app_context.h"

#include <system_error>

#include "station/record/audit_log.h"
#include "station/record/demo_data.h"
#include "station/record/pin_auth.h"
#include "station/record/store.h"

namespace intake::app {

AppContext::AppContext(AppConfig config) : config_(std::move(config)) {}
AppContext::~AppContext() = default;

std::filesystem::path AppContext::draft_dir() const {
    return config_.home / "appointments" / case_id.toStdString();
}

namespace {

// The demo users of the embedded defaults (docs/kiosk.md): one assistant, one clinician.
struct DemoUser {
    const char* id;
    const char* name;
    const char* role;
    const char* pin;
};
constexpr DemoUser kDemoUsers[] = {{"assistant", "Alex (assistant)", "assistant", "1111"},
                                   {"clinician", "Dr. Demo (clinician)", "clinician", "2222"}};

}  // namespace

Status AppContext::open_store() {
    std::error_code ec;
    std::filesystem::create_directories(config_.home, ec);
    if (ec)
        return fail(Errc::io,
                    config_.home.string() + ": cannot create the data directory: " + ec.message());
    auto store = intake::record::Store::open(intake::record::Store::default_path(config_.home));
    if (!store) return fail(store.error());
    store_ = std::make_unique<intake::record::Store>(std::move(*store));
    audit_ = std::make_unique<intake::record::AuditLog>(*store_);
    auto demo = intake::record::seed_demo_data(*store_);
    if (!demo) return fail(demo.error());
    auto practices = store_->practices();
    if (practices && !practices->empty())
        practice_name = QString::fromStdString(practices->front().name);
    intake::record::PinAuth auth(*store_, audit_.get(), config_.pin_options);
    for (const auto& u : kDemoUsers) {
        auto existing = store_->find_user(u.id);
        if (!existing) return fail(existing.error());
        if (*existing) continue;
        INTAKE_TRY(auth.enroll(u.id, u.name, u.role, u.pin));
    }
    return ok();
}

void AppContext::begin_case(QString id, QString patient, bool open) {
    case_id = std::move(id);
    patient_name = std::move(patient);
    case_open = open;
    photos.clear();
    scans.clear();
    bite_verdict.clear();
    bite_reason.clear();
    keep_all_attachments = true;
    treat_arches = "both";
    instructions.clear();
    free_text.clear();
    lab_text.clear();
    emit caseChanged();
    emit draftChanged();
}

}  // namespace intake::app
