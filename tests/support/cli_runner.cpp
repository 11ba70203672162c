#include "tests/support/cli_runner.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace intake::test {

std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'')
            quoted += "'\\''";
        else
            quoted += c;
    }
    return quoted + "'";
}

namespace {

std::string read_whole_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

CliRun run_intake(const std::string& args, const std::filesystem::path& scratch,
                  const CliOptions& options) {
    const auto err_path = scratch / "intake-stderr.txt";
    const auto in_path = scratch / "intake-stdin.txt";
    std::ofstream(in_path, std::ios::binary | std::ios::trunc) << options.stdin_text;
    std::string command = options.environment;
    if (!command.empty()) command += ' ';
    command += shell_quote(std::string(INTAKE_BINARY_DIR "/station/cli/intake"));
    if (!options.home.empty()) command += " --home " + shell_quote(options.home);
    command += ' ' + args + " < " + shell_quote(in_path) + " 2> " + shell_quote(err_path);

    CliRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        run.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.err = read_whole_file(err_path);
    return run;
}

}  // namespace intake::test
