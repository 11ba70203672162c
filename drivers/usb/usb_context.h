// The libusb context: one per process while in use, with one event thread that completes every
// asynchronous transfer, and hotplug arrival/removal counting so drivers can wait for a replug.
// libusb types are only forward-declared here; libusb.h stays inside drivers/usb/*.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"

struct libusb_context;

namespace intake::drivers {

struct UsbDeviceInfo {
    uint8_t bus = 0;
    uint8_t address = 0;
    uint16_t vid = 0;
    uint16_t pid = 0;
    std::string
        kind;  // "scan-head" (the protocol's interface), "uvc-camera" (video class), "other"
    std::string location() const;  // "001/002"
};

class UsbContext {
  public:
    // The process's context, created on first use and kept while anyone holds it.
    static Result<std::shared_ptr<UsbContext>> shared();

    UsbContext(const UsbContext&) = delete;
    UsbContext& operator=(const UsbContext&) = delete;
    ~UsbContext();

    libusb_context* raw() const { return ctx_; }
    bool hotplug_supported() const { return hotplug_handle_ != 0; }

    // Devices that arrived since the context started (hotplug), and a bounded wait for the next.
    uint64_t arrivals() const;
    uint64_t departures() const;
    bool wait_for_arrival(uint64_t seen, std::chrono::milliseconds timeout);

    Result<std::vector<UsbDeviceInfo>> list_devices() const;

    // Called from libusb's hotplug callback.
    void on_hotplug(bool arrived);

  private:
    UsbContext() = default;
    void run_events();

    libusb_context* ctx_ = nullptr;
    int hotplug_handle_ = 0;
    std::thread events_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    uint64_t arrivals_ = 0;
    uint64_t departures_ = 0;
};

}  // namespace intake::drivers
