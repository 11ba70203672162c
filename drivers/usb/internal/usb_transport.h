// The scan head's USB link on libusb: finds the head by VID/PID and its vendor interface, claims
// it, keeps several bulk IN transfers queued for replies, sends commands as bulk OUT transfers
// with a timeout, clears a halted endpoint, and reopens the head when it comes back after an
// unplug.
#pragma once

#include <cstdint>
#include <memory>

#include "base/result.h"
#include "drivers/scan_transport.h"

namespace intake::drivers {

struct UsbLinkOptions {
    int reply_transfers = 4;                       // bulk IN transfers kept in flight
    std::chrono::milliseconds send_timeout{1000};  // libusb timeout of one command transfer
};

Result<std::unique_ptr<ScanTransport>> open_usb_scan_transport(uint16_t vid, uint16_t pid,
                                                               UsbLinkOptions options = {});

}  // namespace intake::drivers
