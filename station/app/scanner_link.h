// ScannerLink: the scan head as the app uses it — status and a blocking scan(arch) that reports
// progress through a callback. On embedded defaults it is the in-process simulated head serving
// the demo arches. Blocking calls run on a worker thread (one scan at a time).
#pragma once

#include <QString>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"

namespace intake::app {

using ScanProgressFn = std::function<void(const std::string& phase, int percent)>;

class ScannerLink {
  public:
    virtual ~ScannerLink() = default;
    virtual bool ready() const = 0;
    virtual QString status() const = 0;
    // "upper", "lower", "bite". Returns the mesh file bytes the head delivers.
    virtual Result<std::vector<std::byte>> scan(const std::string& arch,
                                                const ScanProgressFn& progress) = 0;

    // The simulated head serving the demo arches from `demo_data`/scans.
    static std::unique_ptr<ScannerLink> simulated(const std::filesystem::path& demo_data,
                                                  const std::filesystem::path& home);
    // The OEM scan head on USB (drivers/scanner.h, docs/scanner-protocol.md). Not ready, with the
    // driver's reason (not found, the udev rule), when no head answers; each scan reopens it.
    static std::unique_ptr<ScannerLink> usb();
};

}  // namespace intake::app
