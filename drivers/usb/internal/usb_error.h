// libusb's error and transfer-status codes mapped once to our stable Errc, with a sentence that
// names the device and what to do (for access denied: which udev rule is missing). Callers pass
// the raw libusb int so this header stays free of libusb.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace intake::drivers {

// The udev rule file shipped in drivers/udev/ and where it must be installed.
inline constexpr std::string_view kUdevRuleFile = "/etc/udev/rules.d/70-intake-station.rules";

// "1209:4953": how every message names a device by its vendor and product id.
std::string usb_id(uint16_t vid, uint16_t pid);
// "001/002": bus and address, as lsusb prints them.
std::string usb_location(uint8_t bus, uint8_t address);

// `code`, a libusb_error (negative) → Errc: NOT_FOUND/NO_DEVICE → not_found or disconnected, ACCESS
// → access_denied, BUSY → busy, TIMEOUT → timeout, PIPE → stall, OVERFLOW → overflow, else io.
Errc errc_from_libusb(int code, bool device_was_open = true);

// `device` is e.g. "scan head 1209:4953 at 001/002"; `what` is the failed step ("claim interface
// 0").
Error usb_error(int code, std::string_view device, std::string_view what,
                bool device_was_open = true);

// A libusb_transfer_status → Errc: TIMED_OUT → timeout, STALL → stall, NO_DEVICE → disconnected,
// OVERFLOW → overflow, CANCELLED → cancelled, ERROR → io.
Errc errc_from_transfer_status(int status);
Error transfer_error(int status, std::string_view device, std::string_view what);

}  // namespace intake::drivers
