// station.conf: the settings a clinic's IT person sets once per station, read by both shells.
// /etc/intake-station/station.conf first, then $XDG_CONFIG_HOME/intake-station/station.conf
// (each key it sets wins), then each shell's command-line flags win over both. The format is
// `key = value` lines with `#` comments; an unknown key or a bad number is refused naming the
// file, the line and the key, so a typo never silently falls back to a default.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intake {

struct StationConfig {
    std::string practice;      // the practice's name on the hand-out and the package
    std::string lab_endpoint;  // the lab's tus endpoint (https://..., http only loopback)
    std::filesystem::path lab_token_file;  // the lab's bearer token file (0600; package/lab_token.h)
    std::filesystem::path lab_ca_file;     // a CA bundle to trust for the lab
    std::string rule_pack;                 // the lab's rule pack name (rules/<name>.json)
    std::string scanner = "sim";           // "sim", or "usb" for the scan head
    std::string camera = "sim";            // "sim", or "uvc"
    int idle_sign_out_minutes = 5;         // the kiosk signs out after this long untouched
    int retention_days = 30;               // uploaded packages are kept this long
    std::filesystem::path database;  // the station home (database, keys, outbox); empty: default
    std::vector<std::filesystem::path> read_from;  // the files that were read, in order
};

// The keys station.conf accepts, in documentation order.
const std::vector<std::string_view>& station_config_keys();

// Applies `text` (from `source`, for messages) over `config`.
Status apply_station_config(std::string_view text, const std::filesystem::path& source,
                            StationConfig& config);

// Defaults, then system_config_file(), then user_config_file() (base/data_dir.h); a missing
// file is skipped, an unreadable or malformed one is an error naming it.
Result<StationConfig> load_station_config();

}  // namespace intake
