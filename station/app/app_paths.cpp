#include "app_paths.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>
#include <cstdio>
#include <cstdlib>

#include "base/data_dir.h"

namespace intake::app {

// The same home as the CLI's (base/data_dir.h), so both shells see one station.
std::filesystem::path default_home() { return intake::default_station_home(); }

void use_station_config(AppConfig& config, intake::StationConfig station) {
    if (station.idle_sign_out_minutes >= 0 && station.idle_sign_out_minutes <= 24 * 60)
        config.idle_timeout_ms = station.idle_sign_out_minutes * 60 * 1000;
    else
        qWarning("intake-kiosk: station.conf idle_sign_out_minutes %d is not 0-1440; keeping 5",
                 station.idle_sign_out_minutes);
    config.station = std::move(station);
}

AppConfig parse_config(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Intake Station chairside kiosk");
    parser.addHelpOption();
    const QCommandLineOption kiosk("kiosk",
                                   "Full screen without decorations; a clinician PIN leaves.");
    const QCommandLineOption mock("mock", "Run on the QML mock backend (no devices, no database).");
    const QCommandLineOption home("home", "Data directory (default $INTAKE_HOME).", "dir");
    const QCommandLineOption lab(
        "lab", "Lab upload endpoint (tus), e.g. http://127.0.0.1:1080/files/.", "url");
    const QCommandLineOption no_keyboard("no-keyboard", "No on-screen keyboard in kiosk mode.");
    const QCommandLineOption exit_after("exit-after-start",
                                        "Quit after the first frame (start-up timing).");
    // --demo and --version are also seen by main.cpp before Qt starts.
    const QCommandLineOption demo("demo",
                                  "Seed the demo practice, patient, case and users (PIN 1111 / "
                                  "2222) into the home and upload to a local lab inbox.");
    const QCommandLineOption idle(
        "idle-minutes",
        "Sign out after this many idle minutes (default: station.conf, else 5; 0: never).",
        "minutes");
    const QCommandLineOption database(
        "database",
        "The store: an SQLite file or a postgresql:// URL shared by the practice's stations "
        "(default: station.conf's database, else <home>/station.db).",
        "path-or-url");
    const QCommandLineOption version(QStringList{"v", "version"}, "Print the version and exit.");
    parser.addOptions(
        {kiosk, mock, home, lab, no_keyboard, exit_after, demo, idle, database, version});
    parser.parse(args);
    if (parser.isSet("help")) {
        // Parsed before QGuiApplication exists (no display is needed for --help), so Qt cannot
        // name the program itself and would print "<executable_name>".
        QString help = parser.helpText();
        help.replace("<executable_name>", "intake-kiosk");
        std::fputs(qPrintable(help), stdout);
        std::exit(0);
    }
    for (const QString& unknown : parser.unknownOptionNames()) {
        qWarning("intake-kiosk: ignoring unknown option --%s", qPrintable(unknown));
    }
    AppConfig config;
    if (auto station = load_station_config(); station) {
        use_station_config(config, std::move(*station));
    } else {
        config.station_error = QString::fromStdString(station.error().to_string());
        qWarning("intake-kiosk: station.conf ignored: %s", qPrintable(config.station_error));
    }
    config.kiosk = parser.isSet(kiosk);
    config.mock = parser.isSet(mock);
    config.home = parser.isSet(home) ? std::filesystem::path(parser.value(home).toStdString())
                                     : default_home();
    // The CLI's order (station/cli/cli_support.h), so both shells open the same store: an
    // explicit --home means its own station.db, as for `intake --home`.
    if (parser.isSet(database))
        config.station.database = parser.value(database).toStdString();
    else if (parser.isSet(home))
        config.station.database.clear();
    config.lab_endpoint = parser.value(lab);
    config.virtual_keyboard = config.kiosk && !parser.isSet(no_keyboard);
    config.exit_after_start = parser.isSet(exit_after);
    config.demo = parser.isSet(demo);
    if (parser.isSet(idle)) {
        bool number = false;
        const int minutes = parser.value(idle).toInt(&number);
        if (number && minutes >= 0 && minutes <= 24 * 60)
            config.idle_timeout_ms = minutes * 60 * 1000;
        else
            qWarning("intake-kiosk: --idle-minutes %s is not 0-1440; keeping %d",
                     qPrintable(parser.value(idle)), config.idle_timeout_ms / 60000);
    }
    if (const char* env = std::getenv("INTAKE_DEMO_DATA"); env && *env) {
        config.demo_data = env;
    } else {
        config.demo_data = intake::data_dir() / "demo";
    }
    return config;
}

}  // namespace intake::app
