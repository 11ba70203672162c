#include "drivers/usb/internal/usb_transport.h"

#include <libusb.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "drivers/frame.h"
#include "drivers/scan_protocol.h"
#include "drivers/scanner.h"
#include "drivers/usb/internal/usb_error.h"
#include "drivers/usb/usb_context.h"

namespace intake::drivers {
namespace {

using Clock = std::chrono::steady_clock;

// The vendor interface of the protocol on this device, or -1.
int scan_interface(libusb_device* dev) {
    libusb_config_descriptor* config = nullptr;
    if (libusb_get_active_config_descriptor(dev, &config) != 0) return -1;
    int found = -1;
    for (int i = 0; i < config->bNumInterfaces && found < 0; ++i) {
        const auto& alt = config->interface[i].altsetting[0];
        if (alt.bInterfaceClass == kScanHeadClass && alt.bInterfaceSubClass == kScanHeadSubclass &&
            alt.bInterfaceProtocol == kScanHeadProtocol) {
            found = alt.bInterfaceNumber;
        }
    }
    libusb_free_config_descriptor(config);
    return found;
}

// A completed transfer waited on synchronously while the context's event thread runs callbacks.
struct SyncWait {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
};

void LIBUSB_CALL sync_callback(libusb_transfer* xfer) {
    auto* w = static_cast<SyncWait*>(xfer->user_data);
    {
        std::lock_guard lock(w->mutex);
        w->done = true;
    }
    w->done_cv.notify_all();
}

class UsbScanTransport final : public ScanTransport {
  public:
    UsbScanTransport(std::shared_ptr<UsbContext> ctx, uint16_t vid, uint16_t pid,
                     UsbLinkOptions options)
        : ctx_(std::move(ctx)), vid_(vid), pid_(pid), options_(options) {
        name_ = "scan head " + usb_id(vid, pid);
    }
    ~UsbScanTransport() override { close(); }

    Status open();
    std::string describe() const override { return name_; }
    Status send(std::span<const std::byte> frame) override;
    Result<std::vector<std::byte>> receive(std::chrono::milliseconds timeout) override;
    Result<std::vector<std::byte>> receive_event(std::chrono::milliseconds timeout) override;
    Status clear_stall() override;
    Status reconnect(std::chrono::milliseconds timeout) override;
    int transfers_in_flight() const override { return options_.reply_transfers; }

  private:
    struct Slot {
        UsbScanTransport* owner = nullptr;
        uint8_t endpoint = 0;
        libusb_transfer* xfer = nullptr;
        std::vector<unsigned char> buffer;
        bool active = false;
    };
    struct Item {
        Errc code = Errc::ok;
        int status = 0;
        std::vector<std::byte> data;
    };

    static void LIBUSB_CALL reply_callback(libusb_transfer* xfer);
    void on_reply(Slot& slot);
    Result<std::vector<std::byte>> pop(std::deque<Item>& queue, std::chrono::milliseconds timeout,
                                       const char* what);
    Status start_reader();
    bool stop_reader();
    void close();

    std::shared_ptr<UsbContext> ctx_;
    uint16_t vid_;
    uint16_t pid_;
    UsbLinkOptions options_;
    std::string name_;
    libusb_device_handle* handle_ = nullptr;
    int interface_ = -1;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Item> queue_;   // replies (bulk IN 0x81)
    std::deque<Item> events_;  // events (interrupt IN 0x82)
    int active_ = 0;
    bool stopping_ = false;
};

Status UsbScanTransport::open() {
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(ctx_->raw(), &list);
    if (n < 0) return fail(usb_error(static_cast<int>(n), name_, "list devices", false));
    libusb_device* match = nullptr;
    for (ssize_t i = 0; i < n && !match; ++i) {
        libusb_device_descriptor desc{};
        if (libusb_get_device_descriptor(list[i], &desc) != 0) continue;
        if (desc.idVendor == vid_ && desc.idProduct == pid_ && scan_interface(list[i]) >= 0)
            match = list[i];
    }
    if (!match) {
        libusb_free_device_list(list, 1);
        return fail(Errc::not_found,
                    name_ + ": no USB device " + usb_id(vid_, pid_) +
                        " with the scan-head interface (class ff/49/01) is connected");
    }
    name_ = "scan head " + usb_id(vid_, pid_) + " at " +
            usb_location(libusb_get_bus_number(match), libusb_get_device_address(match));
    interface_ = scan_interface(match);
    const int rc = libusb_open(match, &handle_);
    libusb_free_device_list(list, 1);
    if (rc != 0) {
        handle_ = nullptr;
        return fail(usb_error(rc, name_, "open", false));
    }
    const int claimed = libusb_claim_interface(handle_, interface_);
    if (claimed != 0) {
        libusb_close(handle_);
        handle_ = nullptr;
        return fail(usb_error(claimed, name_, "claim interface " + std::to_string(interface_)));
    }
    return start_reader();
}

// Keeps `reply_transfers` bulk IN transfers on the reply endpoint and one interrupt transfer on
// the event endpoint in flight.
Status UsbScanTransport::start_reader() {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    queue_.clear();
    if (slots_.empty()) {
        for (int i = 0; i <= options_.reply_transfers; ++i) {
            auto slot = std::make_unique<Slot>();
            slot->owner = this;
            slot->endpoint = i < options_.reply_transfers ? kEpReplyIn : kEpEventIn;
            slot->xfer = libusb_alloc_transfer(0);
            slot->buffer.resize(slot->endpoint == kEpReplyIn ? kMaxFrameSize : 1024);
            slots_.push_back(std::move(slot));
        }
    }
    for (auto& slot : slots_) {
        const int size = static_cast<int>(slot->buffer.size());
        if (slot->endpoint == kEpReplyIn) {
            libusb_fill_bulk_transfer(slot->xfer, handle_, kEpReplyIn, slot->buffer.data(), size,
                                      reply_callback, slot.get(), 0);
        } else {
            libusb_fill_interrupt_transfer(slot->xfer, handle_, kEpEventIn, slot->buffer.data(),
                                           size, reply_callback, slot.get(), 0);
        }
        const int rc = libusb_submit_transfer(slot->xfer);
        if (rc != 0)
            return fail(usb_error(rc, name_, "queue transfer on the reply/event endpoints"));
        slot->active = true;
        ++active_;
    }
    return ok();
}

void LIBUSB_CALL UsbScanTransport::reply_callback(libusb_transfer* xfer) {
    auto* slot = static_cast<Slot*>(xfer->user_data);
    slot->owner->on_reply(*slot);
}

// Runs on the event thread: queue what arrived and put the transfer straight back in flight.
void UsbScanTransport::on_reply(Slot& slot) {
    {
        std::lock_guard lock(mutex_);
        slot.active = false;
        --active_;
        const int status = slot.xfer->status;
        auto& queue = slot.endpoint == kEpEventIn ? events_ : queue_;
        if (status == LIBUSB_TRANSFER_COMPLETED) {
            const auto* p = reinterpret_cast<const std::byte*>(slot.buffer.data());
            queue.push_back(
                Item{Errc::ok, status, std::vector<std::byte>(p, p + slot.xfer->actual_length)});
            if (!stopping_ && libusb_submit_transfer(slot.xfer) == 0) {
                slot.active = true;
                ++active_;
            }
        } else if (status != LIBUSB_TRANSFER_CANCELLED || !stopping_) {
            queue.push_back(Item{errc_from_transfer_status(status), status, {}});
        }
    }
    changed_.notify_all();
}

// Cancels every queued reply transfer and waits (bounded) until libusb has given them all back.
bool UsbScanTransport::stop_reader() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    for (auto& slot : slots_) {
        if (slot->active) libusb_cancel_transfer(slot->xfer);
    }
    return changed_.wait_for(lock, std::chrono::seconds(5), [&] { return active_ == 0; });
}

void UsbScanTransport::close() {
    if (!handle_) return;
    if (stop_reader()) {
        for (auto& slot : slots_) libusb_free_transfer(slot->xfer);
    } else {
        // libusb still owns them: leaking beats a use-after-free.
        for (auto& slot : slots_) static_cast<void>(slot.release());
    }
    slots_.clear();
    libusb_release_interface(handle_, interface_);
    libusb_close(handle_);
    handle_ = nullptr;
}

Status UsbScanTransport::send(std::span<const std::byte> frame) {
    if (!handle_) return fail(Errc::disconnected, name_ + ": not connected");
    std::vector<unsigned char> buffer(
        reinterpret_cast<const unsigned char*>(frame.data()),
        reinterpret_cast<const unsigned char*>(frame.data()) + frame.size());
    SyncWait wait;
    libusb_transfer* xfer = libusb_alloc_transfer(0);
    libusb_fill_bulk_transfer(xfer, handle_, kEpCommandOut, buffer.data(),
                              static_cast<int>(buffer.size()), sync_callback, &wait,
                              static_cast<unsigned>(options_.send_timeout.count()));
    const int rc = libusb_submit_transfer(xfer);
    if (rc != 0) {
        libusb_free_transfer(xfer);
        return fail(usb_error(rc, name_, "send command"));
    }
    std::unique_lock lock(wait.mutex);
    if (!wait.done_cv.wait_for(lock, options_.send_timeout + std::chrono::seconds(2),
                               [&] { return wait.done; })) {
        libusb_cancel_transfer(xfer);  // libusb's own timeout should have fired; make sure it ends
        wait.done_cv.wait_for(lock, std::chrono::seconds(5), [&] { return wait.done; });
    }
    if (!wait.done) return fail(Errc::timeout, name_ + ": send command: no completion from libusb");
    const int status = xfer->status;
    const int sent = xfer->actual_length;
    libusb_free_transfer(xfer);
    if (status != LIBUSB_TRANSFER_COMPLETED)
        return fail(transfer_error(status, name_, "send command"));
    if (sent != static_cast<int>(buffer.size()))
        return fail(Errc::io, name_ + ": send command: short write");
    return ok();
}

Result<std::vector<std::byte>> UsbScanTransport::pop(std::deque<Item>& queue,
                                                     std::chrono::milliseconds timeout,
                                                     const char* what) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return !queue.empty(); })) {
        if (!handle_) return fail(Errc::disconnected, name_ + ": not connected");
        return fail(Errc::timeout,
                    name_ + ": no " + what + " within " + std::to_string(timeout.count()) + " ms");
    }
    Item item = std::move(queue.front());
    queue.pop_front();
    if (item.code != Errc::ok)
        return fail(transfer_error(item.status, name_, std::string("receive ") + what));
    return std::move(item.data);
}

Result<std::vector<std::byte>> UsbScanTransport::receive(std::chrono::milliseconds timeout) {
    return pop(queue_, timeout, "reply");
}

Result<std::vector<std::byte>> UsbScanTransport::receive_event(std::chrono::milliseconds timeout) {
    return pop(events_, timeout, "event");
}

Status UsbScanTransport::clear_stall() {
    if (!handle_) return fail(Errc::disconnected, name_ + ": not connected");
    if (!stop_reader()) return fail(Errc::io, name_ + ": reply transfers did not stop");
    const int rc = libusb_clear_halt(handle_, kEpReplyIn);
    if (rc != 0) return fail(usb_error(rc, name_, "clear halt on endpoint 0x81"));
    return start_reader();
}

Status UsbScanTransport::reconnect(std::chrono::milliseconds timeout) {
    uint64_t seen = ctx_->arrivals();
    close();
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        Status opened = open();
        // A device that has just arrived may still refuse I/O while it boots: retry until the
        // deadline. Only a permission problem will not go away by waiting.
        if (opened || opened.error().code == Errc::access_denied) return opened;
        if (handle_) close();
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            if (opened.error().code != Errc::not_found) return opened;
            return fail(Errc::disconnected, name_ + ": did not come back within " +
                                                std::to_string(timeout.count()) + " ms");
        }
        // Hotplug wakes us at once; the slice also covers systems without hotplug.
        if (ctx_->wait_for_arrival(seen, std::min(left, std::chrono::milliseconds(200))))
            seen = ctx_->arrivals();
    }
}

}  // namespace

Result<std::unique_ptr<ScanTransport>> open_usb_scan_transport(uint16_t vid, uint16_t pid,
                                                               UsbLinkOptions options) {
    auto ctx = UsbContext::shared();
    if (!ctx) return fail(ctx.error());
    auto transport = std::make_unique<UsbScanTransport>(std::move(ctx.value()), vid, pid, options);
    INTAKE_TRY(transport->open());
    return std::unique_ptr<ScanTransport>(std::move(transport));
}

// Declared with ScanHead (drivers/scanner.h); defined here so only what links the USB backend
// can open a head over USB.
Result<std::unique_ptr<ScanHead>> ScanHead::open_usb(uint16_t vid, uint16_t pid,
                                                     ScanOptions options) {
    auto transport = open_usb_scan_transport(vid, pid);
    if (!transport) return fail(transport.error());
    return std::make_unique<ScanHead>(std::move(transport.value()), options);
}

}  // namespace intake::drivers
