#include "base/data_dir.h"

#include <cstdlib>
#include <string>

namespace intake {

namespace fs = std::filesystem;

namespace {

// An environment variable's value, or empty when unset or empty.
std::string env_or_empty(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::string(value) : std::string();
}

fs::path user_home() {
    std::string home = env_or_empty("HOME");
    return home.empty() ? fs::path(".") : fs::path(home);
}

}  // namespace

fs::path data_dir_for_executable(const fs::path& exe) {
    return exe.parent_path().parent_path() / "share" / "intake-station";
}

fs::path data_dir() {
    if (std::string env = env_or_empty("INTAKE_DATA_DIR"); !env.empty()) return env;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    // Without /proc (a chroot without it mounted) the default install prefix is the best guess.
    if (ec) return fs::path("/usr/share/intake-station");
    return data_dir_for_executable(exe);
}

Result<fs::path> data_path(const fs::path& relative) {
    fs::path dir = data_dir();
    fs::path full = dir / relative;
    std::error_code ec;
    if (fs::exists(full, ec)) return full;
    return fail(Errc::not_found, full.string() + ": not found in the station's data dir " +
                                     dir.string() +
                                     " (reinstall intake-station, or set INTAKE_DATA_DIR)");
}

fs::path default_station_home() {
    if (std::string env = env_or_empty("INTAKE_HOME"); !env.empty()) return env;
    if (std::string xdg = env_or_empty("XDG_DATA_HOME"); !xdg.empty())
        return fs::path(xdg) / "intake-station";
    return user_home() / ".local" / "share" / "intake-station";
}

fs::path system_config_file() {
    if (std::string env = env_or_empty("INTAKE_SYSTEM_CONFIG"); !env.empty()) return env;
    return "/etc/intake-station/station.conf";
}

fs::path user_config_file() {
    if (std::string xdg = env_or_empty("XDG_CONFIG_HOME"); !xdg.empty())
        return fs::path(xdg) / "intake-station" / "station.conf";
    return user_home() / ".config" / "intake-station" / "station.conf";
}

}  // namespace intake
