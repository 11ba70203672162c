#include "drivers/usb/usb_context.h"

#include <libusb.h>

#include "drivers/scan_protocol.h"
#include "drivers/usb/internal/usb_error.h"

namespace intake::drivers {
namespace {

int LIBUSB_CALL hotplug_callback(libusb_context* /*ctx*/, libusb_device* /*dev*/,
                                 libusb_hotplug_event event, void* user) {
    static_cast<UsbContext*>(user)->on_hotplug(event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED);
    return 0;  // stay registered
}

std::string classify(libusb_device* dev, const libusb_device_descriptor& desc) {
    libusb_config_descriptor* config = nullptr;
    if (libusb_get_active_config_descriptor(dev, &config) != 0 &&
        libusb_get_config_descriptor(dev, 0, &config) != 0) {
        return "other";
    }
    std::string kind = "other";
    for (int i = 0; i < config->bNumInterfaces; ++i) {
        for (int a = 0; a < config->interface[i].num_altsetting; ++a) {
            const auto& alt = config->interface[i].altsetting[a];
            // A head is matched by VID:PID and the protocol's interface; either alone is not
            // enough.
            if (desc.idVendor == kScanHeadVid && desc.idProduct == kScanHeadPid &&
                alt.bInterfaceClass == kScanHeadClass &&
                alt.bInterfaceSubClass == kScanHeadSubclass &&
                alt.bInterfaceProtocol == kScanHeadProtocol) {
                kind = "scan-head";
            } else if (alt.bInterfaceClass == LIBUSB_CLASS_VIDEO && kind == "other") {
                kind = "uvc-camera";
            }
        }
    }
    libusb_free_config_descriptor(config);
    return kind;
}

}  // namespace

std::string UsbDeviceInfo::location() const { return usb_location(bus, address); }

Result<std::shared_ptr<UsbContext>> UsbContext::shared() {
    static std::mutex mutex;
    static std::weak_ptr<UsbContext> instance;
    std::lock_guard lock(mutex);
    if (auto existing = instance.lock()) return existing;
    std::shared_ptr<UsbContext> ctx(new UsbContext());
    const int rc = libusb_init(&ctx->ctx_);
    if (rc != 0) return fail(usb_error(rc, "USB", "libusb_init", false));
    if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
        libusb_hotplug_callback_handle handle = 0;
        const int events = LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT;
        if (libusb_hotplug_register_callback(ctx->ctx_, static_cast<libusb_hotplug_event>(events),
                                             LIBUSB_HOTPLUG_NO_FLAGS, LIBUSB_HOTPLUG_MATCH_ANY,
                                             LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                                             hotplug_callback, ctx.get(), &handle) == 0) {
            ctx->hotplug_handle_ = handle;
        }
    }
    ctx->events_ = std::thread([raw = ctx.get()] { raw->run_events(); });
    instance = ctx;
    return ctx;
}

UsbContext::~UsbContext() {
    stop_ = true;
    if (hotplug_handle_ != 0) libusb_hotplug_deregister_callback(ctx_, hotplug_handle_);
    libusb_interrupt_event_handler(ctx_);
    if (events_.joinable()) events_.join();
    libusb_exit(ctx_);
}

// The one thread that runs libusb's event loop. Bounded waits so stop_ is seen promptly.
void UsbContext::run_events() {
    while (!stop_) {
        timeval tv{0, 50'000};
        libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
    }
}

void UsbContext::on_hotplug(bool arrived) {
    {
        std::lock_guard lock(mutex_);
        (arrived ? arrivals_ : departures_) += 1;
    }
    changed_.notify_all();
}

uint64_t UsbContext::arrivals() const {
    std::lock_guard lock(mutex_);
    return arrivals_;
}

uint64_t UsbContext::departures() const {
    std::lock_guard lock(mutex_);
    return departures_;
}

bool UsbContext::wait_for_arrival(uint64_t seen, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return arrivals_ > seen; });
}

Result<std::vector<UsbDeviceInfo>> UsbContext::list_devices() const {
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(ctx_, &list);
    if (n < 0) return fail(usb_error(static_cast<int>(n), "USB", "list devices", false));
    std::vector<UsbDeviceInfo> out;
    for (ssize_t i = 0; i < n; ++i) {
        libusb_device_descriptor desc{};
        if (libusb_get_device_descriptor(list[i], &desc) != 0) continue;
        out.push_back(UsbDeviceInfo{libusb_get_bus_number(list[i]),
                                    libusb_get_device_address(list[i]), desc.idVendor,
                                    desc.idProduct, classify(list[i], desc)});
    }
    libusb_free_device_list(list, 1);
    return out;
}

}  // namespace intake::drivers
