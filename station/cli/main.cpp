// `intake`: the command-line shell over the core libraries. Thin by design: parsing, then a
// call into a library, then printing. Exit codes: 0 ok, 1 check failed, 2 usage, 3 bad input,
// 4 device/I/O/network.
#include <exception>
#include <iostream>

#include "station/cli/cli_support.h"
#include "station/package/manifest.h"
#include "station/record/store.h"

#ifndef INTAKE_VERSION
#define INTAKE_VERSION "0.0.0"
#endif
#ifndef INTAKE_GIT_DESCRIBE
#define INTAKE_GIT_DESCRIBE "unknown"
#endif

namespace {

// The build and the versions of the formats it writes, for support calls and bug reports.
std::string version_text() {
    return std::string("intake ") + INTAKE_VERSION + " (" + INTAKE_GIT_DESCRIBE + ")\n" +
           "package manifest schema " + std::to_string(intake::package::kManifestSchemaVersion) +
           "\nstation database schema " + std::to_string(intake::record::kSchemaVersion);
}

int run(int argc, char** argv) {
    using namespace intake::cli;
    CliContext ctx;
    CLI::App app{
        "Intake Station: chairside refinement intake (photos, scans, prescription, upload)",
        "intake"};
    app.set_version_flag("--version", version_text());
    app.set_help_all_flag("--help-all", "Print help for every command");
    app.add_option("--home", ctx.home_option,
                   "Data directory (default $INTAKE_HOME, else "
                   "~/.local/share/intake-station)");
    app.require_subcommand(1);
    app.fallthrough();

    CLI::App* mesh = app.add_subcommand("mesh", "Read, clean, check and compare intraoral scans");
    mesh->require_subcommand(1);
    add_mesh_commands(*mesh, ctx);
    add_mesh_analysis_commands(*mesh, ctx);
    add_photo_commands(app, ctx);
    add_device_commands(app, ctx);
    add_record_commands(app, ctx);
    add_case_registry_commands(app, ctx);
    add_package_commands(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help, --version
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsage;
    }
    return ctx.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        // Libraries return errors as values; reaching here is a bug, still never a crash.
        std::cerr << "intake: internal error: " << e.what() << "\n";
        return intake::cli::kExitDeviceOrIo;
    }
}
