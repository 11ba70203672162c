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

Result<RetentionSummary> purge_uploaded(Outbox& outbox, std::chrono::seconds keep,
                                        std::chrono::system_clock::time_point now) {
    auto jobs = outbox.jobs();
    if (!jobs) return fail(jobs.error());
    const int64_t now_s =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    RetentionSummary summary;
    for (const OutboxJob& job : *jobs) {
        if (job.state != JobState::uploaded) continue;
        const fs::path sealed = outbox.sealed_path(job);
        std::error_code ec;
        if (!fs::exists(sealed, ec)) continue;  // purged by an earlier pass
        // updated_at is the receipt's time: nothing changes an uploaded job afterwards.
        const auto at = parse_rfc3339_utc(job.updated_at);
        if (at && now_s - *at < keep.count()) {
            ++summary.kept;
            continue;
        }
        const uint64_t size = fs::file_size(sealed, ec);
        if (!fs::remove(sealed, ec) || ec)
            return fail(Errc::io, sealed.string() + ": cannot remove: " + ec.message());
        ++summary.removed;
        summary.bytes_freed += size;
    }
    return summary;
}

}  // namespace intake::package
