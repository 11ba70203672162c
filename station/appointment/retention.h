// The station's retention pass, the same for the kiosk (at start and after every upload pass that
// stored a receipt, on its outbox worker) and the CLI (`intake outbox purge`, and after every
// `intake outbox run`): what a chair-side PC keeps of a patient's data, and for how long.
//
//  - sealed copies of packages the lab acknowledged: none (the uploader deletes each at its
//    receipt; this sweeps what a crash left, package/outbox_retention.h);
//  - appointment folders with nothing left to send: `retention_days` after they were last touched;
//  - printed hand-outs: one day (or `retention_days`, when shorter) after printing: they are
//    printed during the appointment and only wait for the printer;
//  - captures of an appointment never submitted: kAbandonedDays (or `retention_days`, when
//    longer) after they were last touched, audited `appointment.discard-abandoned` in the same
//    store as the rest of the station's record — no audit entry, nothing deleted.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "station/appointment/appointment_folder.h"
#include "station/package/outbox_retention.h"

namespace intake::record {
class Store;
class AuditLog;
}  // namespace intake::record

namespace intake::appointment {

// A refinement's photos and scans show the teeth on the day: the aligners move them every week
// or two, so after three months nobody could send them to a lab, and an appointment the patient
// missed or moved has been taken again by then.
inline constexpr int kAbandonedDays = 90;
inline constexpr int kHandoutDays = 1;

struct RetentionPolicy {
    std::chrono::hours keep_finished{0};   // appointment folders with nothing unsent
    std::chrono::hours keep_handout{0};    // handout.pdf in any appointment folder
    std::chrono::hours keep_abandoned{0};  // captures never submitted
    // An appointment open at the kiosk right now is never touched, however old.
    std::string open_case;

    // From station.conf's retention_days (days >= 0).
    static RetentionPolicy from_days(int retention_days);
};

// Where discarded captures are audited: a store and its audit log the pass may use directly (the
// CLI), or `with_store`, which runs the work on a store shared between threads under its owner's
// lock (the kiosk's StoreAccess) and is used instead when set.
struct RetentionAudit {
    using StoreWork = std::function<Status(record::Store&, record::AuditLog&)>;

    record::Store* store = nullptr;
    record::AuditLog* audit = nullptr;
    std::function<Status(const StoreWork&)> with_store;
    std::string actor;  // empty: the local account running the pass ("unix:NAME")

    bool available() const { return with_store || (store != nullptr && audit != nullptr); }
    Status run(const StoreWork& work) const {
        return with_store ? with_store(work) : work(*store, *audit);
    }
};

struct RetentionReport {
    package::RetentionSummary sealed;
    AppointmentPrune appointments;  // kept_unsent: unsent captures still inside their period
    int abandoned_removed = 0;      // appointment folders of never-submitted captures deleted
    int abandoned_kept = 0;         // past their period but kept: no store to audit it in
    int handouts_removed = 0;
};

// One pass over <home>/outbox and <home>/appointments at `now`. Without a store in `audit`,
// abandoned captures are kept (counted in abandoned_kept) and everything else still runs.
Result<RetentionReport> run_retention(
    const std::filesystem::path& home, const RetentionPolicy& policy, const RetentionAudit& audit,
    std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now());
// The same with the station's outbox at `outbox_location` (Outbox::open_location): a
// postgresql:// URL sweeps the shared outbox's uploaded chunks in that database as well as this
// station's fetched copies; anything else is <home>/outbox/outbox.db as above.
Result<RetentionReport> run_retention(
    const std::filesystem::path& home, std::string_view outbox_location,
    const RetentionPolicy& policy, const RetentionAudit& audit,
    std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now());

}  // namespace intake::appointment
