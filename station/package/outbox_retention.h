// Retention of sealed copies: the copy is only there to resume or repeat an upload. Once the
// lab's receipt is stored it is one more copy of health data on a chair-side PC, so it goes at
// once (issue 13): the uploader deletes it right after storing the receipt, and purge_uploaded
// sweeps whatever a crash between the two, or an older build, left behind. The same holds for
// the shared outbox's copy in the database (its chunk rows). The job's row (package id, sha256,
// receipt) stays as the record of what was sent; only the sealed bytes go.
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
    // The shared outbox (PostgreSQL): uploaded jobs whose sealed chunks were deleted from the
    // database in this pass, and the bytes that freed there.
    int64_t chunk_jobs_removed = 0;
    uint64_t chunk_bytes_freed = 0;
};

// Deletes the sealed file of one job whose receipt is stored; returns its size (0 when it was
// already gone). Never call it for a job that is not uploaded: that job still needs its bytes.
Result<uint64_t> discard_sealed_copy(const Outbox& outbox, const OutboxJob& job);

// Deletes the sealed file of every uploaded job, and on the shared outbox its sealed chunks in
// the database (Outbox::purge_uploaded_chunks). Queued, uploading and failed jobs are never
// touched: they still need their bytes. A file or chunk that is already gone is not counted.
Result<RetentionSummary> purge_uploaded(Outbox& outbox);

// "2026-12-03T04:50:00Z" as written by the outbox (rfc3339_utc) to Unix seconds; nullopt for
// anything else.
std::optional<int64_t> parse_rfc3339_utc(const std::string& text);

}  // namespace intake::package
