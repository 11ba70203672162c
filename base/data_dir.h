// Where an installed station finds things, the same for the CLI and the kiosk:
//  - the read-only data dir (rule packs, the demo recordings, the local lab inbox's server):
//    $INTAKE_DATA_DIR, else <prefix>/share/intake-station where <prefix> is the parent of the
//    folder holding the running executable (/usr/bin/intake -> /usr/share/intake-station). It is
//    computed from /proc/self/exe, never by walking up the tree, so a copied or relocated install
//    works and a binary never reaches back into the source tree it was built from.
//  - the per-user station home (database, keys, outbox): $INTAKE_HOME, else
//    $XDG_DATA_HOME/intake-station, else ~/.local/share/intake-station.
//  - the configuration files: /etc/intake-station/station.conf, then
//    $XDG_CONFIG_HOME/intake-station/station.conf (else ~/.config/...).
#pragma once

#include <filesystem>
#include <string_view>

#include "base/result.h"

namespace intake {

// <exe's folder>/../share/intake-station for an executable at `exe`.
std::filesystem::path data_dir_for_executable(const std::filesystem::path& exe);

// $INTAKE_DATA_DIR when set and non-empty, else data_dir_for_executable(/proc/self/exe).
std::filesystem::path data_dir();

// data_dir()/relative when it exists; else not_found naming the missing path and the override.
Result<std::filesystem::path> data_path(const std::filesystem::path& relative);

// The per-user station home (see above).
std::filesystem::path default_station_home();

// The system-wide and the per-user configuration file, in the order they are read.
std::filesystem::path system_config_file();
std::filesystem::path user_config_file();

}  // namespace intake
