#include "station/package/outbox_retention.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

namespace intake::package {

namespace fs = std::filesystem;

std::optional<int64_t> parse_rfc3339_utc(const std::string& text) {
    std::tm tm{};
    char zulu = 0;
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon,
                    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &zulu, &consumed) != 7 ||
        zulu != 'Z' || static_cast<size_t>(consumed) != text.size())
        return std::nullopt;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<int64_t>(::timegm(&tm));
}

Result<uint64_t> discard_sealed_copy(const Outbox& outbox, const OutboxJob& job) {
    const fs::path sealed = outbox.sealed_path(job);
    std::error_code ec;
    const auto status = fs::symlink_status(sealed, ec);
    if (ec || !fs::exists(status)) return uint64_t{0};  // purged by an earlier pass
    const uint64_t size = fs::is_regular_file(status) ? fs::file_size(sealed, ec) : 0;
    const bool removed = fs::remove(sealed, ec);
    if (ec) return fail(Errc::io, sealed.string() + ": cannot remove: " + ec.message());
    return removed ? size : 0;  // not removed: another pass got there first
}

Result<RetentionSummary> purge_uploaded(Outbox& outbox) {
    auto jobs = outbox.jobs();
    if (!jobs) return fail(jobs.error());
    RetentionSummary summary;
    for (const OutboxJob& job : *jobs) {
        if (job.state != JobState::uploaded) continue;
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(outbox.sealed_path(job), ec))) continue;
        auto size = discard_sealed_copy(outbox, job);
        if (!size) return fail(size.error());
        ++summary.removed;
        summary.bytes_freed += *size;
    }
    auto chunks = outbox.purge_uploaded_chunks();
    if (!chunks) return fail(chunks.error());
    summary.chunk_jobs_removed = chunks->jobs;
    summary.chunk_bytes_freed = chunks->bytes;
    return summary;
}

}  // namespace intake::package
