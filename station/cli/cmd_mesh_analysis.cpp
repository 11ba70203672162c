// Placeholder until its issue lands: registers no commands yet.
#include "station/cli/cli_support.h"

namespace intake::cli {

void add_mesh_analysis_commands(CLI::App& /*mesh*/, CliContext& /*ctx*/) {}

}  // namespace intake::cli
