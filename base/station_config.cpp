#include "base/station_config.h"

#include <charconv>
#include <cstdlib>

#include "base/data_dir.h"
#include "base/file_io.h"

namespace intake {

namespace fs = std::filesystem;

namespace {

std::string_view trim(std::string_view s) {
    const char* space = " \t\r\n";
    auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    auto last = s.find_last_not_of(space);
    return s.substr(first, last - first + 1);
}

Status bad_line(const fs::path& source, int line, const std::string& what) {
    return fail(Errc::bad_input, source.string() + ":" + std::to_string(line) + ": " + what);
}

Status parse_minutes(std::string_view value, int& out, const fs::path& source, int line,
                     std::string_view key) {
    int parsed = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size() || parsed < 0)
        return bad_line(
            source, line,
            std::string(key) + " must be a whole number >= 0, got '" + std::string(value) + "'");
    out = parsed;
    return ok();
}

Status set_key(StationConfig& c, std::string_view key, std::string_view value,
               const fs::path& source, int line) {
    const std::string v(value);
    if (key == "practice")
        c.practice = v;
    else if (key == "lab_endpoint")
        c.lab_endpoint = v;
    else if (key == "lab_token_file")
        c.lab_token_file = v;
    else if (key == "lab_ca_file")
        c.lab_ca_file = v;
    else if (key == "rule_pack")
        c.rule_pack = v;
    else if (key == "database")
        c.database = v;
    else if (key == "idle_sign_out_minutes")
        return parse_minutes(value, c.idle_sign_out_minutes, source, line, key);
    else if (key == "retention_days")
        return parse_minutes(value, c.retention_days, source, line, key);
    else if (key == "scanner" || key == "camera") {
        const bool scanner = key == "scanner";
        if (v != "sim" && v != (scanner ? "usb" : "uvc"))
            return bad_line(source, line,
                            std::string(key) + " must be sim or " + (scanner ? "usb" : "uvc") +
                                ", got '" + v + "'");
        (scanner ? c.scanner : c.camera) = v;
    } else {
        return bad_line(source, line, "unknown key '" + std::string(key) + "'");
    }
    return ok();
}

}  // namespace

const std::vector<std::string_view>& station_config_keys() {
    static const std::vector<std::string_view> keys = {
        "practice", "lab_endpoint", "lab_token_file",        "lab_ca_file",    "rule_pack",
        "scanner",  "camera",       "idle_sign_out_minutes", "retention_days", "database"};
    return keys;
}

Status apply_station_config(std::string_view text, const fs::path& source, StationConfig& config) {
    int number = 0;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        ++number;
        if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        auto eq = line.find('=');
        if (eq == std::string_view::npos)
            return bad_line(source, number,
                            "expected 'key = value', got '" + std::string(line) + "'");
        INTAKE_TRY(
            set_key(config, trim(line.substr(0, eq)), trim(line.substr(eq + 1)), source, number));
    }
    config.read_from.push_back(source);
    return ok();
}

Result<StationConfig> load_station_config() {
    StationConfig config;
    for (const fs::path& file : {system_config_file(), user_config_file()}) {
        std::error_code ec;
        if (!fs::exists(file, ec)) continue;
        auto text = read_file_text(file, size_t{1} << 20);
        if (!text) return fail(text.error());
        INTAKE_TRY(apply_station_config(*text, file, config));
    }
    return config;
}

}  // namespace intake
