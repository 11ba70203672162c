// The one bridge from the core libraries' UTF-8 std::string to QString, so every adapter converts
// the same way (and a name with an umlaut survives the trip to the screen).
#pragma once

#include <QString>
#include <string>
#include <string_view>

namespace intake::app {

inline QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

}  // namespace intake::app
