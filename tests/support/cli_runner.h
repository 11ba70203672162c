// Runs the built `intake` executable the way a user or a script would: a shell command line,
// stdout captured, stderr captured separately, the exit code decoded. CLI tests in every module
// assert on exactly these three things, so they share one runner.
#pragma once

#include <filesystem>
#include <string>

namespace intake::test {

struct CliRun {
    int code = -1;    // the process's exit code; -1 when it did not exit normally
    std::string out;  // everything written to stdout
    std::string err;  // everything written to stderr
};

struct CliOptions {
    std::filesystem::path home;  // passed as --home when set
    std::string stdin_text;      // fed on stdin (empty: an empty stdin, never the terminal)
    std::string environment;     // shell assignments put before the command, e.g. "A='1' B='2'"
};

// `args` is a shell fragment: quote paths with shell_quote(). `scratch` is a folder the runner
// may write its stdin/stderr files into (the test's temporary folder).
CliRun run_intake(const std::string& args, const std::filesystem::path& scratch,
                  const CliOptions& options = {});

// Single-quoted for /bin/sh, safe for any path (embedded quotes included).
std::string shell_quote(const std::string& text);
inline std::string shell_quote(const std::filesystem::path& path) {
    return shell_quote(path.string());
}

}  // namespace intake::test
