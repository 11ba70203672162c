#include "station/cli/cli_support.h"

#include <cstdlib>
#include <iostream>

#include "base/data_dir.h"
#include "base/log.h"

namespace intake::cli {

int report_error(CliContext& ctx, const Error& error) {
    log(LogLevel::error, "intake", error.message + " [" + std::string(errc_name(error.code)) + "]");
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

std::filesystem::path default_home() { return intake::default_station_home(); }

}  // namespace intake::cli
