// What every `intake` subcommand shares: the data directory, the exit-code contract and the
// way errors and JSON reach the user. Commands never throw; they set ctx.exit_code.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.h"
#include "base/result.h"
#include "station/cli/exit_codes.h"
#include "station/record/store.h"

namespace intake::cli {

struct CliContext {
    std::string home_option;      // --home as given (empty when absent)
    std::string database_option;  // --database as given (empty when absent)
    int exit_code = kExitOk;

    // The data directory: --home, else $INTAKE_HOME, else ~/.local/share/intake-station.
    // Resolved on use because CLI11 runs subcommand callbacks before the root's.
    std::filesystem::path home() const;
    // Where the store is: --database, else <home>/station.db when --home is given, else
    // station.conf's `database`, else <home>/station.db. An SQLite path or a postgresql:// URL.
    Result<std::string> database() const;
};

// Opens the store database() names (Store::open_location).
Result<record::Store> open_station_store(const CliContext& ctx);

// Prints "intake: <message>" to stderr and records the matching exit code. Returns it.
int report_error(CliContext& ctx, const Error& error);

// Prints a usage problem found after parsing (exit 2).
int report_usage(CliContext& ctx, const std::string& message);

// Pretty JSON on stdout, two-space indent, trailing newline.
void print_json(const nlohmann::json& value);

// The default data directory when --home is not given.
std::filesystem::path default_home();

// Registration: each module adds its own subcommands in its own file.
void add_mesh_commands(CLI::App& mesh, CliContext& ctx);           // info, clean, check
void add_mesh_analysis_commands(CLI::App& mesh, CliContext& ctx);  // bite, compare
void add_photo_commands(CLI::App& root, CliContext& ctx);          // photo ...
void add_device_commands(CLI::App& root, CliContext& ctx);         // device, scan, camera
void add_record_commands(CLI::App& root, CliContext& ctx);         // case, rx, audit, ...
void add_user_commands(CLI::App& root, CliContext& ctx);           // named staff
void add_case_registry_commands(CLI::App& root, CliContext& ctx);  // patient, case add...
void add_package_commands(CLI::App& root, CliContext& ctx);        // package, outbox, demo

}  // namespace intake::cli
