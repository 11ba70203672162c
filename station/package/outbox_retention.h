// Retention: how long the sealed copy of a package stays on the station after the lab's receipt.
// The copy is only there to resume or repeat an upload; once the lab holds the package (receipt
// stored) it is one more copy of health data on a chair-side PC. The job's row (package id,
// sha256, receipt) stays as the record of what was sent; only the sealed bytes go.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "station/package/outbox.h"

namespace intake::package {

struct RetentionSummary {
    int removed = 0;           // sealed files deleted in this pass
    uint64_t bytes_freed = 0;  // their sizes on disk
    int kept = 0;              // uploaded jobs still inside the retention period
};

// Deletes the sealed file of every uploaded job whose receipt is at least `keep` old at `now`
// (keep 0: as soon as the receipt is stored). Queued, uploading and failed jobs are never
// touched: they still need their bytes. A file that is already gone counts as removed once.
Result<RetentionSummary> purge_uploaded(
    Outbox& outbox, std::chrono::seconds keep,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// "2026-12-03T04:50:00Z" as written by the outbox (rfc3339_utc) to Unix seconds; nullopt for
// anything else.
std::optional<int64_t> parse_rfc3339_utc(const std::string& text);

}  // namespace intake::package
