#include "drivers/usb/internal/usb_error.h"

#include <libusb.h>

#include <cstdio>

namespace intake::drivers {

std::string usb_id(uint16_t vid, uint16_t pid) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%04x", unsigned(vid), unsigned(pid));
    return buf;
}

std::string usb_location(uint8_t bus, uint8_t address) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%03u/%03u", unsigned(bus), unsigned(address));
    return buf;
}

Errc errc_from_libusb(int code, bool device_was_open) {
    switch (code) {
        case LIBUSB_SUCCESS:
            return Errc::ok;
        case LIBUSB_ERROR_NOT_FOUND:
            return Errc::not_found;
        case LIBUSB_ERROR_NO_DEVICE:
            return device_was_open ? Errc::disconnected : Errc::not_found;
        case LIBUSB_ERROR_ACCESS:
            return Errc::access_denied;
        case LIBUSB_ERROR_BUSY:
            return Errc::busy;
        case LIBUSB_ERROR_TIMEOUT:
            return Errc::timeout;
        case LIBUSB_ERROR_PIPE:
            return Errc::stall;
        case LIBUSB_ERROR_OVERFLOW:
            return Errc::overflow;
        case LIBUSB_ERROR_INTERRUPTED:
            return Errc::cancelled;
        case LIBUSB_ERROR_NOT_SUPPORTED:
            return Errc::unsupported;
        case LIBUSB_ERROR_INVALID_PARAM:
            return Errc::invalid_argument;
        default:
            return Errc::io;
    }
}

Error usb_error(int code, std::string_view device, std::string_view what, bool device_was_open) {
    const Errc errc = errc_from_libusb(code, device_was_open);
    std::string message =
        std::string(device) + ": " + std::string(what) + " failed: " + libusb_strerror(code);
    if (errc == Errc::access_denied) {
        message +=
            " — the kiosk user may not open this device; install "
            "drivers/udev/70-intake-station.rules as " +
            std::string(kUdevRuleFile) + " and replug (it grants the 'plugdev' group access)";
    } else if (errc == Errc::busy) {
        message += " — another program holds the interface (close other scanner software)";
    } else if (errc == Errc::disconnected) {
        message += " — the device was unplugged";
    }
    return Error{errc, std::move(message)};
}

Errc errc_from_transfer_status(int status) {
    switch (status) {
        case LIBUSB_TRANSFER_COMPLETED:
            return Errc::ok;
        case LIBUSB_TRANSFER_TIMED_OUT:
            return Errc::timeout;
        case LIBUSB_TRANSFER_STALL:
            return Errc::stall;
        case LIBUSB_TRANSFER_NO_DEVICE:
            return Errc::disconnected;
        case LIBUSB_TRANSFER_OVERFLOW:
            return Errc::overflow;
        case LIBUSB_TRANSFER_CANCELLED:
            return Errc::cancelled;
        default:
            return Errc::io;
    }
}

Error transfer_error(int status, std::string_view device, std::string_view what) {
    const Errc errc = errc_from_transfer_status(status);
    const char* why = "I/O error";
    switch (errc) {
        case Errc::timeout:
            why = "timed out";
            break;
        case Errc::stall:
            why = "endpoint stalled";
            break;
        case Errc::disconnected:
            why = "device unplugged";
            break;
        case Errc::overflow:
            why = "device sent more than was asked for";
            break;
        case Errc::cancelled:
            why = "cancelled";
            break;
        default:
            break;
    }
    return Error{errc, std::string(device) + ": " + std::string(what) + ": " + why};
}

}  // namespace intake::drivers
