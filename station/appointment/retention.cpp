#include "station/appointment/retention.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>
#include <vector>

#include "station/package/outbox.h"
#include "station/record/audit_log.h"
#include "station/record/store.h"

namespace intake::appointment {

namespace fs = std::filesystem;
using std::chrono::hours;

namespace {

constexpr const char* kHandout = "handout.pdf";

std::string local_account() {
    const passwd* pw = ::getpwuid(::getuid());
    return "unix:" + (pw != nullptr && pw->pw_name != nullptr ? std::string(pw->pw_name)
                                                              : std::to_string(::getuid()));
}

// The appointment folders: direct children of appointments/, never through a symlink.
std::vector<fs::path> appointment_folders(const fs::path& home) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto it = fs::directory_iterator(appointments_root(home), ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        std::error_code entry_ec;
        if (it->is_symlink(entry_ec) || !it->is_directory(entry_ec)) continue;
        out.push_back(it->path());
    }
    return out;
}

// Deletes the folder's hand-out (and a print's leftover temporary file) once `keep` has passed
// since printing. The folder keeps its own time: removing a hand-out is not a sign of life that
// would restart the appointment's retention.
Result<int> sweep_handout(const fs::path& folder, hours keep, fs::file_time_type now) {
    std::error_code ec;
    const auto folder_time = fs::last_write_time(folder, ec);
    int removed = 0;
    for (const char* name : {kHandout, "handout.pdf.tmp"}) {
        const fs::path pdf = folder / name;
        std::error_code file_ec;
        const auto status = fs::symlink_status(pdf, file_ec);
        if (file_ec || !fs::exists(status)) continue;
        const auto printed = fs::last_write_time(pdf, file_ec);
        if (!file_ec && now - printed < keep) continue;
        if (!fs::remove(pdf, file_ec) || file_ec)
            return fail(Errc::io, pdf.string() + ": cannot delete: " + file_ec.message());
        ++removed;
    }
    if (removed > 0 && !ec) fs::last_write_time(folder, folder_time, ec);
    return removed;
}

struct Captures {
    int files = 0;
    uint64_t bytes = 0;
};

Captures count_files(const fs::path& folder) {
    Captures c;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(folder, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        ++c.files;
        c.bytes += it->file_size(ec);
    }
    return c;
}

// The appointment in progress stored for the case goes with its captures, unless a station wrote
// it within the period (another chair of the practice may be on it).
Status clear_stale_workflow(record::Store& store, const std::string& case_id, int64_t cutoff) {
    auto row = store.find_workflow(case_id);
    if (!row) return fail(row.error());
    if (!*row) return ok();
    const auto saved = package::parse_rfc3339_utc((*row)->updated_at);
    if (!saved || *saved > cutoff) return ok();
    return store.clear_workflow(case_id);
}

// Audits the discard (and clears the stale workflow) in one transaction, then deletes: no audit
// entry, nothing deleted.
Status discard_abandoned(const fs::path& folder, const RetentionAudit& audit, hours idle,
                         int64_t cutoff) {
    const std::string case_id = folder.filename().string();
    const Captures captures = count_files(folder);
    const std::string detail = std::to_string(captures.files) + " files (" +
                               std::to_string(captures.bytes) +
                               " bytes) captured but never submitted, untouched for " +
                               std::to_string(idle.count() / 24) + " days: discarded by retention";
    INTAKE_TRY(audit.run([&](record::Store& store, record::AuditLog& log) {
        return store.in_transaction([&]() -> Status {
            INTAKE_TRY(clear_stale_workflow(store, case_id, cutoff));
            auto seq =
                log.append({audit.actor.empty() ? local_account() : audit.actor, "system",
                            "appointment.discard-abandoned", "case " + case_id, "", "", detail});
            if (!seq) return fail(seq.error());
            return ok();
        });
    }));
    std::error_code ec;
    fs::remove_all(folder, ec);
    if (ec) return fail(Errc::io, folder.string() + ": cannot delete: " + ec.message());
    return ok();
}

Status abandoned_pass(const fs::path& home, const RetentionPolicy& policy,
                      const RetentionAudit& audit, fs::file_time_type now,
                      RetentionReport& report) {
    // The cutoff in Unix seconds, for the workflow rows' UTC timestamps.
    const auto sys_now = std::chrono::system_clock::now() -
                         std::chrono::duration_cast<std::chrono::system_clock::duration>(
                             fs::file_time_type::clock::now() - now);
    const int64_t cutoff = std::chrono::duration_cast<std::chrono::seconds>(
                               (sys_now - policy.keep_abandoned).time_since_epoch())
                               .count();
    for (const fs::path& folder : appointment_folders(home)) {
        if (folder.filename().string() == policy.open_case || !holds_captures(folder)) continue;
        const auto idle = std::chrono::duration_cast<hours>(now - last_touched(folder));
        if (idle < policy.keep_abandoned) continue;
        if (!audit.available()) {
            ++report.abandoned_kept;
            continue;
        }
        INTAKE_TRY(discard_abandoned(folder, audit, idle, cutoff));
        ++report.abandoned_removed;
        report.appointments.kept_unsent = std::max(0, report.appointments.kept_unsent - 1);
    }
    return ok();
}

}  // namespace

RetentionPolicy RetentionPolicy::from_days(int retention_days) {
    const hours days = hours(24) * std::max(0, retention_days);
    RetentionPolicy p;
    p.keep_finished = days;
    p.keep_handout = std::min(days, hours(24) * kHandoutDays);
    p.keep_abandoned = std::max(days, hours(24) * kAbandonedDays);
    return p;
}

Result<RetentionReport> run_retention(const fs::path& home, const RetentionPolicy& policy,
                                      const RetentionAudit& audit, fs::file_time_type now) {
    return run_retention(home, "", policy, audit, now);
}

Result<RetentionReport> run_retention(const fs::path& home, std::string_view outbox_location,
                                      const RetentionPolicy& policy, const RetentionAudit& audit,
                                      fs::file_time_type now) {
    RetentionReport report;
    auto box = package::Outbox::open_location(home, outbox_location);
    if (!box) return fail(box.error());
    auto sealed = package::purge_uploaded(*box);
    if (!sealed) return fail(sealed.error());
    report.sealed = *sealed;
    auto pruned = prune_appointments(home, policy.keep_finished, now, policy.open_case);
    if (!pruned) return fail(pruned.error());
    report.appointments = *pruned;
    INTAKE_TRY(abandoned_pass(home, policy, audit, now, report));
    for (const fs::path& folder : appointment_folders(home)) {
        if (folder.filename().string() == policy.open_case) continue;
        auto swept = sweep_handout(folder, policy.keep_handout, now);
        if (!swept) return fail(swept.error());
        report.handouts_removed += *swept;
    }
    return report;
}

}  // namespace intake::appointment
