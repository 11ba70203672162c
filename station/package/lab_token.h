// Where the lab's bearer token comes from. Never the command line: every local user can read
// any process's argv (ps, /proc/PID/cmdline), and shells keep it in their history.
#pragma once

#include <filesystem>
#include <string>

#include "base/result.h"

namespace intake::package {

// The first of: `token_file` (must be a regular file of mode 0600 or stricter, else refused),
// $INTAKE_LAB_TOKEN, $CREDENTIALS_DIRECTORY/lab-token (systemd LoadCredential=). Empty when
// none is set (a lab inbox without authentication). Trailing whitespace is dropped; a token
// with any other control character or space is refused (it would forge request headers).
Result<std::string> resolve_lab_token(const std::filesystem::path& token_file = {});

}  // namespace intake::package
