// A USB device emulated under umockdev for tests on the real libusb path: the testbed fakes sysfs
// and /dev, and this class answers the usbdevfs ioctls libusb sends (SUBMITURB, REAPURB,
// DISCARDURB, CLAIMINTERFACE, CLEAR_HALT, ...) the way the kernel would, handing transfers to a
// subclass that plays the device. umockdev calls it on its own thread, so state is locked.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

typedef struct _UMockdevTestbed UMockdevTestbed;
typedef struct _UMockdevIoctlBase UMockdevIoctlBase;
typedef struct _UMockdevIoctlClient UMockdevIoctlClient;
typedef struct _UMockdevIoctlData UMockdevIoctlData;

namespace intake::drivers::test {

// Owns the umockdev testbed; create it before the first libusb call of the process.
class UsbTestbed {
  public:
    UsbTestbed();
    ~UsbTestbed();
    UMockdevTestbed* raw() const { return tb_; }

  private:
    UMockdevTestbed* tb_;
};

struct UsbDeviceSpec {
    int devnum = 2;                    // /dev/bus/usb/001/<devnum>
    std::string port = "1-1";          // sysfs name under usb1
    std::vector<uint8_t> descriptors;  // device descriptor + whole configuration descriptor
};

// Descriptors of a device with one vendor interface ff/49/01 and bulk 0x01/0x81, interrupt 0x82.
std::vector<uint8_t> scan_head_descriptors(uint16_t vid, uint16_t pid);

struct SetupPacket {
    uint8_t request_type = 0;
    uint8_t request = 0;
    uint16_t value = 0;
    uint16_t index = 0;
    uint16_t length = 0;
};

class UsbDeviceModel {
  public:
    UsbDeviceModel(UsbTestbed& testbed, UsbDeviceSpec spec);
    virtual ~UsbDeviceModel();
    UsbDeviceModel(const UsbDeviceModel&) = delete;
    UsbDeviceModel& operator=(const UsbDeviceModel&) = delete;

    // The device disappears: pending transfers end with ESHUTDOWN, further ioctls with ENODEV,
    // and (unless `quiet`) udev hears "remove".
    void unplug();
    void remove_from_testbed();  // the uevent + sysfs removal, from the test thread

    // Faults and inspection.
    void stall_next_in(uint8_t ep);
    void set_out_never_completes(bool on);  // the device NAKs every OUT: libusb times out
    int max_in_flight(uint8_t ep) const;
    int ioctl_count() const;
    int clear_halts() const;
    int discarded() const;
    bool gone() const;

  protected:
    // Called under the lock with each bulk/interrupt OUT transfer's bytes.
    virtual void on_out(uint8_t /*ep*/, std::span<const std::byte> /*data*/) {}
    // A control transfer; for IN, fill `data` and return its length; return -EPIPE to stall.
    virtual int on_control(const SetupPacket& /*setup*/, std::span<uint8_t> /*data*/) {
        return -32;
    }
    // Queue one packet (one IN transfer's worth) for an IN endpoint.
    void queue_in(uint8_t ep, std::vector<std::byte> packet);
    void mark_gone();  // unplug from inside a handler (the ioctl thread)
    mutable std::recursive_mutex mutex_;

  private:
    struct Urb {
        UMockdevIoctlData* data = nullptr;    // the client's usbdevfs_urb
        UMockdevIoctlData* buffer = nullptr;  // its buffer (NULL when zero-length)
        uint8_t endpoint = 0;
        unsigned long client_addr = 0;
    };
    static int handle_ioctl_cb(UMockdevIoctlBase* base, UMockdevIoctlClient* client, void* self);
    bool handle_ioctl(UMockdevIoctlClient* client);
    int submit(UMockdevIoctlClient* client, int& err);
    int reap(UMockdevIoctlClient* client, int& err);
    int discard(UMockdevIoctlClient* client, int& err);
    int clear_halt(UMockdevIoctlClient* client, int& err);
    void complete(Urb urb, int status, size_t actual);
    void pump(uint8_t ep);

    UsbTestbed& testbed_;
    UsbDeviceSpec spec_;
    std::string syspath_;
    std::string devnode_;
    UMockdevIoctlBase* handler_ = nullptr;
    std::map<uint8_t, std::deque<Urb>> pending_in_;
    std::deque<Urb> pending_out_;
    std::deque<Urb> completed_;
    std::map<uint8_t, std::deque<std::vector<std::byte>>> packets_;
    std::map<uint8_t, bool> stall_next_;
    std::map<uint8_t, int> max_in_flight_;
    bool out_never_completes_ = false;
    bool gone_ = false;
    bool removed_ = false;
    int ioctls_ = 0;
    int clear_halts_ = 0;
    int discarded_ = 0;
};

}  // namespace intake::drivers::test
