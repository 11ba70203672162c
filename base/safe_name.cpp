#include "base/safe_name.h"

#include <cstdio>
#include <string>

namespace intake {

namespace {

// The name as a person can read it in a message, control characters escaped.
std::string printable(std::string_view name) {
    std::string out;
    for (unsigned char c : name.substr(0, 64)) {
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return name.size() > 64 ? out + "..." : out;
}

}  // namespace

Status check_path_component(std::string_view name, std::string_view what) {
    auto refuse = [&](const char* why) {
        return fail(Errc::invalid_argument, std::string(what) + " '" + printable(name) +
                                                "' cannot be used as a file name: " + why);
    };
    if (name.empty()) return refuse("it is empty");
    if (name.size() > 128) return refuse("longer than 128 bytes");
    if (name == "." || name == "..") return refuse("it names a folder");
    if (name.front() == '.' || name.front() == '-') return refuse("it starts with '.' or '-'");
    for (unsigned char c : name) {
        if (c == '/' || c == '\\') return refuse("it contains a path separator");
        if (c < 0x20 || c == 0x7f) return refuse("it contains a control character");
    }
    return ok();
}

}  // namespace intake
