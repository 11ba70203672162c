// The kiosk keeps an appointment's captures in <home>/appointments/<case>/ while the patient is
// in the chair: photos/, scans/, case.json, rx.json and, at the end, the package zip. Once the
// package is sealed into the outbox those plaintext copies are one more set of health data on a
// chair-side PC, and the sealed copy is all an upload (or a retry) needs, so they go.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "base/result.h"

namespace intake::appointment {

// <home>/appointments: the one place appointment folders live.
std::filesystem::path appointments_root(const std::filesystem::path& home);

// photos/ or scans/ is there: captures not yet sealed into a package.
bool holds_captures(const std::filesystem::path& folder);
// The newest modification time of the folder or anything directly in it: a draft touched
// yesterday is recent even if the folder's own entry list has not changed for a month.
std::filesystem::file_time_type last_touched(const std::filesystem::path& folder);

struct PlaintextSweep {
    int removed = 0;     // files deleted (photos, scans, documents, the package)
    uint64_t bytes = 0;  // their sizes
};

// Deletes what a sealed package holds in plaintext from `folder`: photos/, scans/, case.json,
// rx.json and every *.zip. The folder itself and anything else in it (a printed hand-out) stay.
// `folder` must be a direct child of appointments_root(home), or nothing is touched
// (Errc::invalid_argument): a caller's mistake never deletes outside the appointments.
Result<PlaintextSweep> discard_sealed_plaintext(const std::filesystem::path& home,
                                                const std::filesystem::path& folder);

struct AppointmentPrune {
    int removed = 0;      // appointment folders deleted
    int kept_unsent = 0;  // old folders kept because they still hold unsealed captures
    int kept_recent = 0;  // folders touched within the retention period
};

// Deletes appointment folders last touched at least `keep` before `now` that hold nothing
// unsealed (no photos/ or scans/ left: the package went to the outbox, or nothing was taken).
// A folder that still holds captures is an unsent appointment and is not pruned here (see
// retention.h for its own, longer period). The folder named `open_case` is skipped.
Result<AppointmentPrune> prune_appointments(
    const std::filesystem::path& home, std::chrono::seconds keep,
    std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now(),
    std::string_view open_case = {});

}  // namespace intake::appointment
