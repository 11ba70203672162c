#include "station/cli/cli_support.h"

#include <cstdlib>
#include <iostream>

namespace intake::cli {

int report_error(CliContext& ctx, const Error& error) {
    std::cerr << "intake: " << error.message << " [" << errc_name(error.code) << "]\n";
    ctx.exit_code = exit_code_for(error.code);
    return ctx.exit_code;
}

int report_usage(CliContext& ctx, const std::string& message) {
    std::cerr << "intake: " << message << "\n";
    ctx.exit_code = kExitUsage;
    return ctx.exit_code;
}

std::filesystem::path CliContext::home() const {
    return home_option.empty() ? default_home() : std::filesystem::path(home_option);
}

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << "\n"; }

std::filesystem::path default_home() {
    if (const char* env = std::getenv("INTAKE_HOME"); env != nullptr && *env != '\0') return env;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::filesystem::path(xdg) / "intake-station";
    }
    const char* user_home = std::getenv("HOME");
    return std::filesystem::path(user_home != nullptr ? user_home : ".") / ".local" / "share" /
           "intake-station";
}

}  // namespace intake::cli
