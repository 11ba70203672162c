#include "base/error.h"

namespace intake {

std::string_view errc_name(Errc code) {
    switch (code) {
        case Errc::ok:
            return "ok";
        case Errc::invalid_argument:
            return "invalid-argument";
        case Errc::bad_input:
            return "bad-input";
        case Errc::not_found:
            return "not-found";
        case Errc::io:
            return "io";
        case Errc::access_denied:
            return "access-denied";
        case Errc::busy:
            return "busy";
        case Errc::timeout:
            return "timeout";
        case Errc::disconnected:
            return "disconnected";
        case Errc::overflow:
            return "overflow";
        case Errc::protocol:
            return "protocol";
        case Errc::network:
            return "network";
        case Errc::server_refused:
            return "server-refused";
        case Errc::conflict:
            return "conflict";
        case Errc::unsupported:
            return "unsupported";
        case Errc::cancelled:
            return "cancelled";
        case Errc::no_space:
            return "no-space";
        case Errc::corrupt:
            return "corrupt";
        case Errc::stall:
            return "stall";
        case Errc::internal:
            return "internal";
    }
    return "unknown";
}

std::string Error::to_string() const { return std::string(errc_name(code)) + ": " + message; }

}  // namespace intake
