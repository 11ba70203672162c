// `intake outbox purge` and the purge `outbox run` does after each run: the station's retention
// pass (station/appointment/retention.h) with station.conf's retention_days, discarded captures
// audited in the station's store.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>

#include "station/cli/cli_support.h"

namespace intake::cli {

// outbox purge [--keep-days N] [--json]
void add_outbox_purge(CLI::App& outbox, CliContext& ctx);

// After `outbox run`: the retention pass with station.conf's retention_days; returns the number
// of sealed files removed (a failure is a warning on stderr, never the run's exit code: the uploads
// themselves succeeded).
int purge_after_run(const CliContext& ctx);

}  // namespace intake::cli
