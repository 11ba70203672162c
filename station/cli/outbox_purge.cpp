#include "station/cli/outbox_purge.h"

#include <iostream>
#include <memory>

#include "base/station_config.h"
#include "station/appointment/appointment_folder.h"
#include "station/package/outbox.h"
#include "station/package/outbox_retention.h"

namespace intake::cli {

namespace pkg = intake::package;

namespace {

struct Purged {
    pkg::RetentionSummary sealed;
    appointment::AppointmentPrune appointments;
};

// Sealed copies the lab acknowledged, then the kiosk's appointment folders with nothing unsent.
Result<Purged> purge(const std::filesystem::path& home, int keep_days) {
    const auto keep = std::chrono::hours(24) * keep_days;
    auto box = pkg::Outbox::open(home);
    if (!box) return fail(box.error());
    auto sealed = pkg::purge_uploaded(*box, keep);
    if (!sealed) return fail(sealed.error());
    auto appointments = appointment::prune_appointments(home, keep);
    if (!appointments) return fail(appointments.error());
    return Purged{*sealed, *appointments};
}

}  // namespace

void add_outbox_purge(CLI::App& outbox, CliContext& ctx) {
    auto keep_days = std::make_shared<int>(-1);
    auto* cmd = outbox.add_subcommand(
        "purge", "Delete the sealed copies of packages the lab has acknowledged");
    cmd->add_option("--keep-days", *keep_days,
                    "Keep copies whose receipt is younger than this (default: retention_days of "
                    "station.conf, 30)")
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
        auto summary = purge(ctx.home(), days);
        if (!summary) {
            report_error(ctx, summary.error());
            return;
        }
        print_json({{"removed", summary->sealed.removed},
                    {"bytes_freed", summary->sealed.bytes_freed},
                    {"kept", summary->sealed.kept},
                    {"appointments_removed", summary->appointments.removed},
                    {"appointments_kept_unsent", summary->appointments.kept_unsent},
                    {"keep_days", days}});
    });
}

int purge_after_run(const std::filesystem::path& home) {
    auto config = load_station_config();
    auto summary =
        config ? purge(home, config->retention_days) : Result<Purged>(fail(config.error()));
    if (!summary) {
        std::cerr << "intake: warning: retention: " << summary.error().message << "\n";
        return 0;
    }
    return summary->sealed.removed;
}

}  // namespace intake::cli
