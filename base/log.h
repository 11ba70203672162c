// One logger for both shells. Lines go to stderr; under systemd (stderr connected to the
// journal, which systemd announces through $JOURNAL_STREAM) each line starts with the syslog
// priority prefix (`<3>` error ... `<7>` debug) so journald files it at the right level, while
// a person at a terminal sees plain lines. $INTAKE_LOG_LEVEL (error, warning, notice, info,
// debug; default info) drops the chattier levels.
// Messages name cases by their opaque case id and files by path: never a patient's name, date
// of birth or chart id (the demo run's logs are checked for them).
#pragma once

#include <string_view>

namespace intake {

enum class LogLevel { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

// The level $INTAKE_LOG_LEVEL asks for (read once).
LogLevel log_threshold();

// True when stderr goes to the journal ($JOURNAL_STREAM matches stderr's device and inode).
bool stderr_is_journal();

// "<N>" when stderr is the journal, else "".
std::string_view journal_prefix(LogLevel level);

// Writes "<N>program: message\n" (or without <N>) to stderr when `level` passes the threshold.
void log(LogLevel level, std::string_view program, std::string_view message);

}  // namespace intake
