#include "scanner_link.h"

#include <system_error>

#include "base/file_io.h"
#include "drivers/scanner.h"
#include "drivers/sim/sim_scan_head.h"
#include "mesh/mesh_io.h"

namespace intake::app {
namespace fs = std::filesystem;

namespace {

namespace drv = intake::drivers;

// The demo's scan head: the in-process simulator serving the demo patient's arches as binary
// PLY, the way a head delivers them. The OBJ reference arches are converted once into
// <home>/devices/sim-scanner/ on the first scan (on the worker thread, not at start-up).
class SimulatedScanner : public ScannerLink {
  public:
    SimulatedScanner(const fs::path& demo_data, const fs::path& home)
        : upper_(demo_data / "scans" / "Ref_Upper_Mesh_Tag=0.obj"),
          lower_(demo_data / "scans" / "Ref_Lower_Mesh_Tag=0.obj"),
          cache_(home / "devices" / "sim-scanner") {
        std::error_code ec;
        if (!fs::exists(upper_, ec) || !fs::exists(lower_, ec)) {
            status_ = QString("Scanner not ready: the simulated head has no arches in %1")
                          .arg(QString::fromStdString((demo_data / "scans").string()));
            return;
        }
        ready_ = true;
        status_ = "Simulated scan head ready (in-process, no USB)";
    }

    bool ready() const override { return ready_; }
    QString status() const override { return status_; }

    Result<std::vector<std::byte>> scan(const std::string& arch,
                                        const ScanProgressFn& progress) override {
        std::lock_guard lock(mutex_);
        if (!ready_) return fail(Errc::not_found, status_.toStdString());
        INTAKE_TRY(connect_head());
        auto which = drv::parse_arch(arch);
        if (!which) return fail(Errc::invalid_argument, "unknown arch '" + arch + "'");
        return head_->scan(*which, [&](const drv::ScanProgress& p) {
            if (progress) progress(p.phase, p.percent);
        });
    }

  private:
    Result<fs::path> as_ply(const fs::path& obj, const char* name) {
        const fs::path ply = cache_ / (std::string(name) + ".ply");
        std::error_code ec;
        if (fs::exists(ply, ec)) return ply;
        INTAKE_TRY(create_private_directories(cache_));
        auto mesh = intake::mesh::read_mesh(obj);
        if (!mesh) return fail(mesh.error());
        INTAKE_TRY(intake::mesh::write_mesh(ply, mesh->mesh));
        return ply;
    }

    Status connect_head() {
        if (head_) return ok();
        auto upper = as_ply(upper_, "upper");
        if (!upper) return fail(upper.error());
        auto lower = as_ply(lower_, "lower");
        if (!lower) return fail(lower.error());
        // The bite scan: the head records the arches in occlusion; the simulator serves the lower
        // arch for it and the bite verdict is computed from the upper and lower arches.
        auto sim = drv::SimScanHead::from_files({{drv::Arch::upper, *upper},
                                                 {drv::Arch::lower, *lower},
                                                 {drv::Arch::bite_front, *lower}});
        if (!sim) return fail(sim.error());
        head_ = drv::ScanHead::open_simulated(*sim);
        auto id = head_->identify();
        if (!id) {
            head_.reset();
            return fail(id.error());
        }
        return ok();
    }

    fs::path upper_, lower_, cache_;
    std::mutex mutex_;
    std::unique_ptr<drv::ScanHead> head_;
    bool ready_ = false;
    QString status_;
};

// The scan head on USB: opened when the source is chosen (to report its status) and again for a
// scan when it was unplugged in between.
class UsbScanner : public ScannerLink {
  public:
    UsbScanner() { connect_head(); }

    bool ready() const override { return head_ != nullptr; }
    QString status() const override { return status_; }

    Result<std::vector<std::byte>> scan(const std::string& arch,
                                        const ScanProgressFn& progress) override {
        std::lock_guard lock(mutex_);
        if (!head_) connect_head();
        if (!head_) return fail(Errc::not_found, status_.toStdString());
        auto which = drv::parse_arch(arch);
        if (!which) return fail(Errc::invalid_argument, "unknown arch '" + arch + "'");
        auto bytes = head_->scan(*which, [&](const drv::ScanProgress& p) {
            if (progress) progress(p.phase, p.percent);
        });
        if (!bytes && bytes.error().code == Errc::disconnected) head_.reset();
        return bytes;
    }

  private:
    void connect_head() {
        auto head = drv::ScanHead::open_usb();
        if (!head) {
            status_ = "USB scan head not ready: " + QString::fromStdString(head.error().message);
            return;
        }
        head_ = std::move(*head);
        auto id = head_->identify();
        status_ =
            id ? QString("USB scan head ready (%1)").arg(QString::fromStdString(head_->describe()))
               : "USB scan head not ready: " + QString::fromStdString(id.error().message);
        if (!id) head_.reset();
    }

    std::mutex mutex_;
    std::unique_ptr<drv::ScanHead> head_;
    QString status_;
};

}  // namespace

std::unique_ptr<ScannerLink> ScannerLink::usb() { return std::make_unique<UsbScanner>(); }

std::unique_ptr<ScannerLink> ScannerLink::simulated(const fs::path& demo_data,
                                                    const fs::path& home) {
    return std::make_unique<SimulatedScanner>(demo_data, home);
}

}  // namespace intake::app
