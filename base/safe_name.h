// User-given names (case ids, patient ids, view names, file names from a package) become
// parts of paths under the station's home. Used raw, "../../.ssh/authorized_keys" or a name
// with a newline would write where it should not or forge log lines; every such name goes
// through this check first.
#pragma once

#include <string_view>

#include "base/result.h"

namespace intake {

// One path component: 1–128 bytes, not "." or "..", no '/', '\\', NUL or other control
// character, and not starting with '-' (it would read as an option to tools) or '.' (hidden
// or relative). Errc::invalid_argument naming `what` and the name (control characters shown
// escaped) otherwise.
Status check_path_component(std::string_view name, std::string_view what);

}  // namespace intake
