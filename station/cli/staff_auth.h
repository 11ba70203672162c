// How a command learns who is acting: a user id on the command line (`--by ID`) and that user's
// PIN on a line of stdin, never in argv (other users can read a process's arguments).
#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "station/cli/cli_support.h"
#include "station/record/audit_log.h"
#include "station/record/pin_auth.h"
#include "station/record/roles.h"
#include "station/record/store.h"

namespace intake::cli {

// The next line of stdin without its line ending; nullopt at the end of the input.
std::optional<std::string> read_stdin_line();

// Where the PIN pepper is: beside station.db on SQLite (PinAuth's default); a PostgreSQL store
// has no such folder, so there it is the station's home, <home>/keys/pin-pepper (the same file
// on every station of the practice).
record::PinAuthOptions pin_options(const CliContext& ctx, const record::Store& store);

// Signs `user_id` in with `pin` (lockout and audit as at the kiosk) and returns the person.
Result<record::Actor> sign_in_by(record::Store& store, record::AuditLog& audit,
                                 const record::PinAuthOptions& options, const std::string& user_id,
                                 const std::string& pin);

// The local account running the command ("unix:NAME"), the audit's actor for what no signed-in
// person did (a program is never named as the actor).
std::string local_account();

}  // namespace intake::cli
