#include "station/package/lab_token.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

#include "base/file_io.h"

namespace intake::package {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxToken = 8192;

Result<std::string> clean_token(std::string token, const std::string& source) {
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ' ||
                              token.back() == '\t')) {
        token.pop_back();
    }
    for (unsigned char c : token) {
        if (c < 0x21 || c == 0x7f) {
            return fail(Errc::bad_input, source + ": the token holds a space or control character");
        }
    }
    return token;
}

Result<std::string> read_token_file(const fs::path& path, bool check_mode) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return fail(Errc::not_found, path.string() + ": token file does not exist");
    if (!S_ISREG(st.st_mode))
        return fail(Errc::bad_input, path.string() + ": token file is not a regular file");
    if (check_mode && (st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return fail(Errc::access_denied, path.string() + ": token file has mode " + mode +
                                             "; it must be 0600 (chmod 600 " + path.string() + ")");
    }
    auto text = read_file_text(path, kMaxToken);
    if (!text) return fail(text.error());
    return clean_token(std::move(text.value()), path.string());
}

}  // namespace

Result<std::string> resolve_lab_token(const fs::path& token_file) {
    if (!token_file.empty()) return read_token_file(token_file, true);
    if (const char* env = std::getenv("INTAKE_LAB_TOKEN"); env && *env)
        return clean_token(env, "$INTAKE_LAB_TOKEN");
    if (const char* creds = std::getenv("CREDENTIALS_DIRECTORY"); creds && *creds) {
        fs::path file = fs::path(creds) / "lab-token";
        std::error_code ec;
        // systemd owns the mode of its credentials folder (readable by the service only).
        if (fs::exists(file, ec)) return read_token_file(file, false);
    }
    return std::string();
}

}  // namespace intake::package
