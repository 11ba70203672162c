// Placeholder until its issue lands: registers no commands yet.
#include "station/cli/cli_support.h"

namespace intake::cli {

void add_device_commands(CLI::App& /*root*/, CliContext& /*ctx*/) {}

}  // namespace intake::cli
