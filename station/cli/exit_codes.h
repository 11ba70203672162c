// The exit-code contract of every `intake` command (docs/cli.md). It belongs to the command line,
// not to the libraries: they return an Errc, and only the shell decides how a process ends.
#pragma once

#include "base/error.h"

namespace intake::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBadInput = 3;
inline constexpr int kExitDeviceOrIo = 4;

// The exit code for a failure of this kind: 2 usage, 3 bad input, 4 device/I/O/network.
inline int exit_code_for(Errc code) {
    switch (code) {
        case Errc::ok:
            return kExitOk;
        case Errc::invalid_argument:
            return kExitUsage;
        case Errc::bad_input:
        case Errc::corrupt:
            return kExitBadInput;
        default:
            return kExitDeviceOrIo;
    }
}

}  // namespace intake::cli
