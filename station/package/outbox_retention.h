// Retention of sealed copies: the copy is only there to resume or repeat an upload. Once the
// lab's receipt is stored it is one more copy of health data on a chair-side PC, so it goes at
// once (issue 13): the uploader deletes it right after storing the receipt, and purge_uploaded
// sweeps whatever a crash between the two, or an older build, left behind. The job's row
// (package id, sha256, receipt) stays as the record of what was sent; only the sealed bytes go.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "station/package/outbox.h"

namespace intake::package {

struct RetentionSummary {
    int removed = 0;           // sealed files deleted in this pass
    uint64_t bytes_freed = 0;  // their sizes on disk
};

// Deletes the sealed file of one job whose receipt is stored; returns its size (0 when it was
// already gone). Never call it for a job that is not uploaded: that job still needs its bytes.
Result<uint64_t> discard_sealed_copy(const Outbox& outbox, const OutboxJob& job);

// Deletes the sealed file of every uploaded job. Queued, uploading and failed jobs are never
// touched: they still need their bytes. A file that is already gone is not counted.
Result<RetentionSummary> purge_uploaded(Outbox& outbox);

// "2026-12-03T04:50:00Z" as written by the outbox (rfc3339_utc) to Unix seconds; nullopt for
// anything else.
std::optional<int64_t> parse_rfc3339_utc(const std::string& text);

}  // namespace intake::package
