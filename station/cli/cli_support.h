// What every `intake` subcommand shares: the data directory, the exit-code contract and the
// way errors and JSON reach the user. Commands never throw; they set ctx.exit_code.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.h"
#include "station/cli/exit_codes.h"

namespace intake::cli {

struct CliContext {
    std::string home_option;  // --home as given (empty when absent)
    int exit_code = kExitOk;

    // The data directory: --home, else $INTAKE_HOME, else ~/.local/share/intake-station.
    // Resolved on use because CLI11 runs subcommand callbacks before the root's.
    std::filesystem::path home() const;
};

// Prints "intake: <message>" to stderr and records the matching exit code. Returns it.
int report_error(CliContext& ctx, const Error& error);

// Prints a usage problem found after parsing (exit 2).
int report_usage(CliContext& ctx, const std::string& message);

// Pretty JSON on stdout, two-space indent, trailing newline.
void print_json(const nlohmann::json& value);

// The default data directory when --home is not given.
std::filesystem::path default_home();

// Registration: each module adds its own subcommands in its own file.
void add_mesh_commands(CLI::App& mesh, CliContext& ctx);           // issue 2: info, clean, check
void add_mesh_analysis_commands(CLI::App& mesh, CliContext& ctx);  // issue 8: bite, compare
void add_photo_commands(CLI::App& root, CliContext& ctx);          // issue 3: photo ...
void add_device_commands(CLI::App& root, CliContext& ctx);         // issue 4: device, scan, camera
void add_record_commands(CLI::App& root, CliContext& ctx);         // issue 5: case, rx, audit, ...
void add_user_commands(CLI::App& root, CliContext& ctx);           // issue 12: named staff
void add_case_registry_commands(CLI::App& root, CliContext& ctx);  // issue 12: patient, case add...
void add_package_commands(CLI::App& root, CliContext& ctx);        // issue 6: package, outbox, demo

}  // namespace intake::cli
