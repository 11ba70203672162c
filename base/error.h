// Stable error codes shared by every library, in the spirit of libusb's: each code keeps its
// number forever, so logs, the audit trail and the CLI's exit codes never change meaning.
#pragma once

#include <string>
#include <string_view>

namespace intake {

enum class Errc : int {
    ok = 0,
    invalid_argument = -1,  // the caller asked for something malformed (a usage error)
    bad_input = -2,         // a file or document is unreadable or malformed
    not_found = -3,         // a file, device, record or remote resource does not exist
    io = -4,                // the operating system failed a read or write
    access_denied = -5,     // permissions (file mode, udev rule, server 401/403)
    busy = -6,              // the resource is held by someone else
    timeout = -7,           // no answer within the allowed time
    disconnected = -8,      // the device was unplugged or the peer went away
    overflow = -9,          // more data arrived than fits
    protocol = -10,         // the peer broke the protocol (bad frame, bad CRC, bad reply)
    network = -11,          // connection refused, reset, DNS, TLS
    server_refused = -12,   // the server answered but refused (4xx/5xx)
    conflict = -13,         // state conflict (wrong offset, duplicate, already done)
    unsupported = -14,      // a valid request this build or device cannot honour
    cancelled = -15,        // stopped on request
    no_space = -16,         // disk full or file-size limit reached
    corrupt = -17,          // stored data failed an integrity check (hash, MAC, signature)
    stall = -18,            // a USB endpoint stalled
    internal = -99,         // a bug: an invariant did not hold
};

// Short stable identifier for a code ("bad-input"), used in JSON and logs.
std::string_view errc_name(Errc code);

// An expected failure: a stable code plus a sentence for a person.
struct Error {
    Errc code = Errc::internal;
    std::string message;

    // "bad-input: upper.stl: truncated at byte 84"
    std::string to_string() const;
};

}  // namespace intake
