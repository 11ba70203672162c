#include "station/cli/outbox_purge.h"

#include <iostream>
#include <memory>
#include <optional>

#include "base/station_config.h"
#include "station/appointment/retention.h"
#include "station/cli/staff_auth.h"
#include "station/record/audit_log.h"
#include "station/record/database.h"

namespace intake::cli {

namespace {

// The store discarded captures are audited in; none (and so none discarded) when the station
// has no database yet: purging never creates one.
std::optional<record::Store> existing_store(const CliContext& ctx) {
    auto location = ctx.database();
    if (!location) return std::nullopt;
    std::error_code ec;
    if (!record::is_postgresql_url(*location) && !std::filesystem::exists(*location, ec))
        return std::nullopt;
    auto store = open_station_store(ctx);
    if (!store) {
        std::cerr << "intake: warning: retention: " << store.error().message
                  << " (abandoned captures are kept)\n";
        return std::nullopt;
    }
    return std::move(*store);
}

Result<appointment::RetentionReport> purge(const CliContext& ctx, int keep_days) {
    auto store = existing_store(ctx);
    std::optional<record::AuditLog> log;
    appointment::RetentionAudit audit{.actor = local_account()};
    if (store) {
        log.emplace(*store);
        audit.store = &*store;
        audit.audit = &*log;
    }
    // The outbox the station's database names: on PostgreSQL the shared one (its uploaded
    // jobs' chunks in the database go too), else <home>/outbox/outbox.db.
    auto location = ctx.database();
    if (!location) return fail(location.error());
    return appointment::run_retention(ctx.home(), *location,
                                      appointment::RetentionPolicy::from_days(keep_days), audit);
}

}  // namespace

void add_outbox_purge(CLI::App& outbox, CliContext& ctx) {
    auto keep_days = std::make_shared<int>(-1);
    auto* cmd = outbox.add_subcommand(
        "purge",
        "Delete sealed copies the lab acknowledged, finished appointment folders, old hand-outs "
        "and long-abandoned captures");
    cmd->add_option("--keep-days", *keep_days,
                    "Keep finished appointment folders younger than this (default: "
                    "retention_days of station.conf, 30)")
        ->check(CLI::Range(0, 3650));
    cmd->callback([&ctx, keep_days] {
        int days = *keep_days;
        if (days < 0) {
            auto config = load_station_config();
            if (!config) {
                report_error(ctx, config.error());
                return;
            }
            days = config->retention_days;
        }
        auto summary = purge(ctx, days);
        if (!summary) {
            report_error(ctx, summary.error());
            return;
        }
        print_json({{"removed", summary->sealed.removed},
                    {"bytes_freed", summary->sealed.bytes_freed},
                    {"chunk_jobs_removed", summary->sealed.chunk_jobs_removed},
                    {"chunk_bytes_freed", summary->sealed.chunk_bytes_freed},
                    {"kept", 0},  // sealed copies are no longer kept after the receipt
                    {"appointments_removed", summary->appointments.removed},
                    {"appointments_kept_unsent", summary->appointments.kept_unsent},
                    {"appointments_abandoned_removed", summary->abandoned_removed},
                    {"appointments_abandoned_kept", summary->abandoned_kept},
                    {"handouts_removed", summary->handouts_removed},
                    {"keep_days", days}});
    });
}

int purge_after_run(const CliContext& ctx) {
    auto config = load_station_config();
    auto summary = config ? purge(ctx, config->retention_days)
                          : Result<appointment::RetentionReport>(fail(config.error()));
    if (!summary) {
        std::cerr << "intake: warning: retention: " << summary.error().message << "\n";
        return 0;
    }
    return summary->sealed.removed;
}

}  // namespace intake::cli
