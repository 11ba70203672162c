// From the appointment's draft to the lab: the pre-submit gate (station/record) for the checklist,
// and on submit the package (station/package: assemble, write, sign) queued in the outbox.
// Plain functions over a snapshot of the draft so the heavy part runs off the GUI thread.
#pragma once

#include <QString>
#include <QVariantList>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "app_context.h"
#include "base/result.h"
#include "station/record/submission_gate.h"

namespace intake::app {

// What the gate and the package need, copied from AppContext on the GUI thread.
struct DraftSnapshot {
    std::filesystem::path home, draft_dir;
    std::string database;  // the store's location (AppContext::database()): the outbox follows it
    std::string case_id, case_json, user_id, role;
    bool keep_all = true;
    std::map<std::string, PhotoShot> photos;
    std::map<std::string, ArchScan> scans;
    std::string rx_json;          // station/record's prescription JSON
    std::string override_reason;  // a clinician's written reason to let a failing gate through
    // The submission history is recorded through the kiosk's store (under its lock).
    StoreAccess* store = nullptr;
};

DraftSnapshot snapshot(AppContext& context);

struct Checklist {
    QVariantList rows;  // {item, ok, reason}
    bool may_submit = false;
    QString summary;
    intake::record::GateResult gate;  // for a clinician's override
};
// Runs evaluate_gate and turns its items into one row per required record.
Checklist evaluate_checklist(const DraftSnapshot& draft);

struct Submitted {
    std::filesystem::path package;
    std::string package_id;
    int64_t job_id = 0;
    QString summary;
    std::string history_warning;    // the case's submission history could not be written
    std::string plaintext_warning;  // the plaintext copies could not be deleted after the seal
};
// assemble_submission (its gate again) → write_package → Outbox::add, each step recorded in
// the case's submission history (built or overridden, queued). A gate that blocks is an
// error (Errc::bad_input) listing what blocks; nothing is queued then.
Result<Submitted> build_and_queue(const DraftSnapshot& draft);

}  // namespace intake::app
