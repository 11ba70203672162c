// `intake outbox purge` and the purge `outbox run` does after each run: sealed copies of
// packages the lab has acknowledged, and the kiosk's appointment folders with nothing left to send,
// are deleted once station.conf's retention_days have passed.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>

#include "station/cli/cli_support.h"

namespace intake::cli {

// outbox purge [--keep-days N] [--json]
void add_outbox_purge(CLI::App& outbox, CliContext& ctx);

// After `outbox run`: purges with station.conf's retention_days; returns the number of sealed
// files removed (a failure is a warning on stderr, never the run's exit code: the uploads
// themselves succeeded).
int purge_after_run(const std::filesystem::path& home);

}  // namespace intake::cli
