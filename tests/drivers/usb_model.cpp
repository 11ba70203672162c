#include "tests/drivers/usb_model.h"

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <umockdev.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <stdexcept>

// umockdev-wrapper preloads libumockdev-preload.so ahead of the ASan runtime; ASan then refuses
// to start unless told the order is fine. Harmless without ASan (nobody calls it).
extern "C" const char* __asan_default_options() { return "verify_asan_link_order=0"; }

namespace intake::drivers::test {
namespace {

std::string to_hex(const std::vector<uint8_t>& bytes) {
    std::string out;
    char buf[4];
    for (uint8_t b : bytes) {
        std::snprintf(buf, sizeof buf, "%02X", b);
        out += buf;
    }
    return out;
}

UMockdevIoctlData* resolve(UMockdevIoctlData* data, size_t offset, size_t length) {
    GError* error = nullptr;
    UMockdevIoctlData* out = umockdev_ioctl_data_resolve(data, offset, length, &error);
    if (error) g_error_free(error);
    return out;
}

}  // namespace

UsbTestbed::UsbTestbed() : tb_(umockdev_testbed_new()) {
    if (!umockdev_in_mock_environment())
        throw std::runtime_error("run this test under umockdev-wrapper");
}

UsbTestbed::~UsbTestbed() { g_object_unref(tb_); }

std::vector<uint8_t> scan_head_descriptors(uint16_t vid, uint16_t pid) {
    const auto lo = [](uint16_t v) { return static_cast<uint8_t>(v & 0xFF); };
    const auto hi = [](uint16_t v) { return static_cast<uint8_t>(v >> 8); };
    return {
        // device: USB 2.0, class per interface, EP0 64 bytes, no string descriptors
        0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, lo(vid), hi(vid), lo(pid), hi(pid), 0x00,
        0x01, 0, 0, 0, 1,
        // configuration 1, 39 bytes in all, one interface, bus powered 100 mA
        0x09, 0x02, 0x27, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32,
        // interface 0: vendor ff/49/01, three endpoints
        0x09, 0x04, 0x00, 0x00, 0x03, 0xFF, 0x49, 0x01, 0x00, 0x07, 0x05, 0x01, 0x02, 0x00, 0x02,
        0x00,                                      // bulk OUT 0x01, 512
        0x07, 0x05, 0x81, 0x02, 0x00, 0x02, 0x00,  // bulk IN 0x81, 512
        0x07, 0x05, 0x82, 0x03, 0x40, 0x00, 0x0A,  // interrupt IN 0x82, 64, 10 ms
    };
}

UsbDeviceModel::UsbDeviceModel(UsbTestbed& testbed, UsbDeviceSpec spec)
    : testbed_(testbed), spec_(std::move(spec)) {
    char devnum[8];
    std::snprintf(devnum, sizeof devnum, "%03d", spec_.devnum);
    syspath_ = "/sys/devices/pci0000:00/0000:00:14.0/usb1/" + spec_.port;
    devnode_ = std::string("/dev/bus/usb/001/") + devnum;
    const std::string desc = to_hex(spec_.descriptors);
    const std::string text = "P: /devices/pci0000:00/0000:00:14.0/usb1/" + spec_.port + "\n" +
                             "N: bus/usb/001/" + devnum + "=" + desc + "\n" +
                             "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\n"
                             "E: DEVNAME=/dev/bus/usb/001/" +
                             devnum + "\n" + "E: BUSNUM=001\nE: DEVNUM=" + devnum + "\n" +
                             "A: busnum=1\\n\nA: devnum=" + std::to_string(spec_.devnum) + "\\n\n" +
                             "A: speed=480\\n\nA: bConfigurationValue=1\\n\n" +
                             "A: dev=189:" + std::to_string(spec_.devnum - 1) + "\n" +
                             "H: descriptors=" + desc + "\n";
    // The ioctl socket must listen before the device appears: adding the device emits "add", a
    // host waiting for a replug opens the node at once, and umockdev's preload exits the whole
    // process when a device node has no ioctl socket behind it yet.
    GError* error = nullptr;
    handler_ = umockdev_ioctl_base_new();
    g_signal_connect(handler_, "handle-ioctl", G_CALLBACK(&UsbDeviceModel::handle_ioctl_cb), this);
    if (!umockdev_testbed_attach_ioctl(testbed_.raw(), devnode_.c_str(), handler_, &error)) {
        std::string why = error ? error->message : "unknown";
        if (error) g_error_free(error);
        throw std::runtime_error("umockdev: cannot attach ioctl handler: " + why);
    }
    if (!umockdev_testbed_add_from_string(testbed_.raw(), text.c_str(), &error)) {
        std::string why = error ? error->message : "unknown";
        if (error) g_error_free(error);
        throw std::runtime_error("umockdev: cannot add device: " + why);
    }
}

UsbDeviceModel::~UsbDeviceModel() {
    if (!removed_) {
        GError* error = nullptr;
        umockdev_testbed_detach_ioctl(testbed_.raw(), devnode_.c_str(), &error);
        if (error) g_error_free(error);
    }
    g_signal_handlers_disconnect_by_data(handler_, this);
    std::lock_guard lock(mutex_);
    const auto drop = [](Urb& u) {
        if (u.buffer) g_object_unref(u.buffer);
        if (u.data) g_object_unref(u.data);
    };
    for (auto& [ep, q] : pending_in_) std::for_each(q.begin(), q.end(), drop);
    std::for_each(pending_out_.begin(), pending_out_.end(), drop);
    std::for_each(completed_.begin(), completed_.end(), drop);
    g_object_unref(handler_);
}

int UsbDeviceModel::handle_ioctl_cb(UMockdevIoctlBase* /*base*/, UMockdevIoctlClient* client,
                                    void* self) {
    return static_cast<UsbDeviceModel*>(self)->handle_ioctl(client) ? TRUE : FALSE;
}

bool UsbDeviceModel::handle_ioctl(UMockdevIoctlClient* client) {
    std::lock_guard lock(mutex_);
    ++ioctls_;
    const unsigned long request = umockdev_ioctl_client_get_request(client);
    int err = 0;
    long ret = 0;
    if (request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) {
        ret = reap(client, err);  // completed URBs are handed back even after an unplug
    } else if (gone_) {
        ret = -1;
        err = ENODEV;
    } else if (request == USBDEVFS_SUBMITURB) {
        ret = submit(client, err);
    } else if (request == USBDEVFS_DISCARDURB) {
        ret = discard(client, err);
    } else if (request == USBDEVFS_CLEAR_HALT) {
        ret = clear_halt(client, err);
    } else if (request == USBDEVFS_GET_CAPABILITIES) {
        UMockdevIoctlData* caps =
            resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(uint32_t));
        // ZERO_PACKET | NO_PACKET_SIZE_LIM: libusb sends each transfer as one URB
        const uint32_t value = USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
        std::memcpy(caps->data, &value, sizeof value);
        g_object_unref(caps);
    } else if (request == USBDEVFS_GETDRIVER || request == USBDEVFS_IOCTL) {
        ret = -1;  // no kernel driver bound: what libusb's and libuvc's detach checks expect
        err = ENODATA;
    }
    // CLAIMINTERFACE, RELEASEINTERFACE, SETINTERFACE, RESET, SETCONFIGURATION: succeed.
    umockdev_ioctl_client_complete(client, ret, err);
    return true;
}

int UsbDeviceModel::submit(UMockdevIoctlClient* client, int& err) {
    Urb urb;
    urb.data = resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(usbdevfs_urb));
    if (!urb.data) {
        err = EFAULT;
        return -1;
    }
    auto* u = reinterpret_cast<usbdevfs_urb*>(urb.data->data);
    urb.endpoint = u->endpoint;
    urb.client_addr = urb.data->client_addr;
    if (u->buffer_length > 0)
        urb.buffer = resolve(urb.data, offsetof(usbdevfs_urb, buffer), u->buffer_length);
    u->status = 0;
    u->actual_length = 0;
    if (u->type == USBDEVFS_URB_TYPE_CONTROL) {
        auto* b = urb.buffer ? urb.buffer->data : nullptr;
        if (!b || u->buffer_length < 8) {
            complete(urb, -EPIPE, 0);  // no setup packet: the kernel would refuse it too
            return 0;
        }
        SetupPacket s{b[0], b[1], uint16_t(b[2] | b[3] << 8), uint16_t(b[4] | b[5] << 8),
                      uint16_t(b[6] | b[7] << 8)};
        const int n = on_control(
            s, std::span<uint8_t>(b + 8, std::min<size_t>(s.length, u->buffer_length - 8)));
        complete(urb, n < 0 ? n : 0, n < 0 ? 0 : size_t(n));  // usbfs counts data bytes only
        return 0;
    }
    if (urb.endpoint & 0x80) {
        auto& q = pending_in_[urb.endpoint];
        q.push_back(urb);
        max_in_flight_[urb.endpoint] = std::max<int>(max_in_flight_[urb.endpoint], int(q.size()));
        pump(urb.endpoint);
        return 0;
    }
    if (out_never_completes_) {
        pending_out_.push_back(urb);  // NAKed until libusb gives up and discards it
        return 0;
    }
    const auto* data = reinterpret_cast<const std::byte*>(urb.buffer ? urb.buffer->data : nullptr);
    const size_t length = u->buffer_length;
    complete(urb, 0, length);
    on_out(urb.endpoint, std::span<const std::byte>(data, data ? length : 0));
    return 0;
}

void UsbDeviceModel::complete(Urb urb, int status, size_t actual) {
    auto* u = reinterpret_cast<usbdevfs_urb*>(urb.data->data);
    u->status = status;
    u->actual_length = static_cast<int>(actual);
    completed_.push_back(urb);
}

void UsbDeviceModel::queue_in(uint8_t ep, std::vector<std::byte> packet) {
    std::lock_guard lock(mutex_);
    if (gone_) return;
    packets_[ep].push_back(std::move(packet));
    pump(ep);
}

// Matches queued packets (or a pending STALL) with the IN URBs libusb has submitted.
void UsbDeviceModel::pump(uint8_t ep) {
    auto& urbs = pending_in_[ep];
    auto& packets = packets_[ep];
    while (!urbs.empty() && !packets.empty()) {
        Urb urb = urbs.front();
        urbs.pop_front();
        if (stall_next_[ep]) {
            stall_next_[ep] = false;
            packets.clear();  // a halted endpoint loses its FIFO
            complete(urb, -EPIPE, 0);
            continue;
        }
        auto& packet = packets.front();
        const auto* u = reinterpret_cast<const usbdevfs_urb*>(urb.data->data);
        const size_t n = std::min<size_t>(packet.size(), size_t(u->buffer_length));
        if (n > 0) std::memcpy(urb.buffer->data, packet.data(), n);
        complete(urb, 0, n);
        packets.pop_front();
    }
}

int UsbDeviceModel::reap(UMockdevIoctlClient* client, int& err) {
    if (completed_.empty()) {
        err = gone_ ? ENODEV : EAGAIN;
        return -1;
    }
    Urb urb = completed_.front();
    completed_.pop_front();
    UMockdevIoctlData* ptr = resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(void*));
    umockdev_ioctl_data_set_ptr(ptr, 0, urb.data);
    g_object_unref(ptr);
    if (urb.buffer) g_object_unref(urb.buffer);
    g_object_unref(urb.data);
    return 0;
}

int UsbDeviceModel::discard(UMockdevIoctlClient* client, int& err) {
    const unsigned long addr =
        *reinterpret_cast<unsigned long*>(umockdev_ioctl_client_get_arg(client)->data);
    const auto take = [&](std::deque<Urb>& q) {
        auto it =
            std::find_if(q.begin(), q.end(), [&](const Urb& u) { return u.client_addr == addr; });
        if (it == q.end()) return false;
        Urb urb = *it;
        q.erase(it);
        complete(urb, -ENOENT, 0);
        ++discarded_;
        return true;
    };
    for (auto& [ep, q] : pending_in_) {
        if (take(q)) return 0;
    }
    if (take(pending_out_)) return 0;
    err = EINVAL;  // already completed: the kernel says the same
    return -1;
}

int UsbDeviceModel::clear_halt(UMockdevIoctlClient* client, int& /*err*/) {
    UMockdevIoctlData* arg =
        resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(unsigned int));
    const auto ep = static_cast<uint8_t>(*reinterpret_cast<unsigned int*>(arg->data));
    g_object_unref(arg);
    packets_[ep].clear();
    ++clear_halts_;
    return 0;
}

void UsbDeviceModel::mark_gone() {
    std::lock_guard lock(mutex_);
    if (gone_) return;
    gone_ = true;
    for (auto& [ep, q] : pending_in_) {
        for (auto& urb : q) complete(urb, -ESHUTDOWN, 0);
        q.clear();
    }
    for (auto& urb : pending_out_) complete(urb, -ESHUTDOWN, 0);
    pending_out_.clear();
}

void UsbDeviceModel::unplug() {
    mark_gone();
    remove_from_testbed();
}

void UsbDeviceModel::remove_from_testbed() {
    std::lock_guard lock(mutex_);
    if (removed_) return;
    removed_ = true;
    const std::string devpath = syspath_;
    umockdev_testbed_uevent(testbed_.raw(), devpath.c_str(), "remove");
    umockdev_testbed_remove_device(testbed_.raw(), devpath.c_str());
}

void UsbDeviceModel::stall_next_in(uint8_t ep) {
    std::lock_guard lock(mutex_);
    stall_next_[ep] = true;
}

void UsbDeviceModel::set_out_never_completes(bool on) {
    std::lock_guard lock(mutex_);
    out_never_completes_ = on;
}

int UsbDeviceModel::max_in_flight(uint8_t ep) const {
    std::lock_guard lock(mutex_);
    auto it = max_in_flight_.find(ep);
    return it == max_in_flight_.end() ? 0 : it->second;
}

int UsbDeviceModel::ioctl_count() const {
    std::lock_guard lock(mutex_);
    return ioctls_;
}

int UsbDeviceModel::clear_halts() const {
    std::lock_guard lock(mutex_);
    return clear_halts_;
}

int UsbDeviceModel::discarded() const {
    std::lock_guard lock(mutex_);
    return discarded_;
}

bool UsbDeviceModel::gone() const {
    std::lock_guard lock(mutex_);
    return gone_;
}

}  // namespace intake::drivers::test
