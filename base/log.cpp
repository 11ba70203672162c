#include "base/log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace intake {

namespace {

LogLevel parse_level(const char* text) {
    if (text == nullptr) return LogLevel::info;
    const std::string_view v(text);
    if (v == "error") return LogLevel::error;
    if (v == "warning") return LogLevel::warning;
    if (v == "notice") return LogLevel::notice;
    if (v == "debug") return LogLevel::debug;
    return LogLevel::info;
}

bool detect_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr) return false;
    unsigned long long dev = 0, ino = 0;
    if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2) return false;
    struct stat st {};
    if (::fstat(STDERR_FILENO, &st) != 0) return false;
    return static_cast<unsigned long long>(st.st_dev) == dev &&
           static_cast<unsigned long long>(st.st_ino) == ino;
}

}  // namespace

LogLevel log_threshold() {
    static const LogLevel level = parse_level(std::getenv("INTAKE_LOG_LEVEL"));
    return level;
}

bool stderr_is_journal() {
    static const bool journal = detect_journal();
    return journal;
}

std::string_view journal_prefix(LogLevel level) {
    if (!stderr_is_journal()) return {};
    static const char* const prefixes[] = {"<0>", "<1>", "<2>", "<3>", "<4>", "<5>", "<6>", "<7>"};
    return prefixes[static_cast<int>(level)];
}

void log(LogLevel level, std::string_view program, std::string_view message) {
    if (static_cast<int>(level) > static_cast<int>(log_threshold())) return;
    std::string line(journal_prefix(level));
    line.append(program).append(": ").append(message).push_back('\n');
    // One write per line, so lines from two threads never interleave mid-line.
    (void)!::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace intake
