// Where the kiosk keeps and finds things: the data directory ($INTAKE_HOME), the demo data the
// simulated devices serve, and the kiosk's own settings file inside the data directory.
#pragma once

#include <QString>
#include <cstddef>
#include <filesystem>

#include "base/station_config.h"
#include "station/record/pin_auth.h"

namespace intake::app {

struct AppConfig {
    std::filesystem::path home;       // --home, else intake::default_station_home()
    std::filesystem::path demo_data;  // $INTAKE_DEMO_DATA, else <data dir>/demo
    QString lab_endpoint;             // --lab, else settings, else the local lab inbox
    bool kiosk = false;               // --kiosk: full screen, no decorations, PIN to leave
    bool mock = false;                // --mock: the QML mock backend, no devices or database
    bool virtual_keyboard = false;    // on in kiosk mode unless --no-keyboard
    bool exit_after_start = false;    // --exit-after-start: quit once the first frame is shown
    // --demo: seed the demo practice, patient, case DEMO-1 and users (PIN 1111 / 2222). Without it
    // a fresh data directory has no users and no cases and the kiosk opens the first-run screen.
    bool demo = false;
    // Sign-out after this long without a touch or key (--idle-minutes; tests shorten it). The
    // draft stays in the store. 0 disables it.
    int idle_timeout_ms = 5 * 60 * 1000;
    // station.conf (base/station_config.h): the practice, lab endpoint and rule pack where the
    // first run and Settings have not set them, the lab token's file and CA bundle, and the idle
    // minutes unless --idle-minutes was given. Tests leave it at its defaults.
    intake::StationConfig station;
    QString station_error;  // a malformed station.conf, shown on Settings (its defaults are used)
    size_t upload_chunk_bytes = size_t{8} << 20;  // tus PATCH size
    intake::record::PinAuthOptions pin_options;   // argon2id cost, lockout (tests shorten it)
};

// Parses the command line (see docs/kiosk.md) over station.conf: flags win. Unknown options are
// reported and ignored so a kiosk never fails to start over a typo in its launcher.
AppConfig parse_config(const QStringList& args);

// Applies station.conf's idle minutes (the flag's, when given, are applied after this).
void use_station_config(AppConfig& config, intake::StationConfig station);

std::filesystem::path default_home();

}  // namespace intake::app
