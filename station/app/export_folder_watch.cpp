#include "export_folder_watch.h"

#include <chrono>
#include <map>
#include <set>
#include <system_error>

#include "base/file_io.h"
#include "drivers/folder_import.h"

namespace intake::app {

namespace fs = std::filesystem;
namespace drv = intake::drivers;

namespace {

// A scan bigger than this is not an arch (the scan head's cap is 1 GiB; exports are far smaller).
constexpr size_t kMaxScanBytes = size_t{1} << 30;

// The watcher offers the newest file of a role first and then older ones of the same role: an
// older file must not replace the newer one already taken (a later export is newer and wins).
class NewestPerRole {
  public:
    bool is_newer(const std::string& role, const fs::path& file) {
        std::error_code ec;
        const auto modified = fs::last_write_time(file, ec);
        if (ec) return false;
        auto it = newest_.find(role);
        if (it != newest_.end() && modified <= it->second) return false;
        newest_[role] = modified;
        return true;
    }

  private:
    std::map<std::string, fs::file_time_type> newest_;
};

void watch_loop(drv::FolderWatcher& watcher, const ExportFolderCallbacks& callbacks,
                const std::atomic<bool>& stop) {
    NewestPerRole newest;
    std::set<fs::path> asked;
    while (!stop) {
        auto next = watcher.next(std::chrono::milliseconds(300));
        if (!next) {
            if (callbacks.failed) callbacks.failed(next.error().to_string());
            return;
        }
        if (*next) {
            const drv::ImportedScan& scan = **next;
            const std::string role = drv::scan_role_name(scan.role);
            if (newest.is_newer(role, scan.path)) {
                auto bytes = read_file_bytes(scan.path, kMaxScanBytes);
                if (!bytes) {
                    if (callbacks.failed) callbacks.failed(bytes.error().to_string());
                } else if (callbacks.taken) {
                    callbacks.taken({role, scan.path, scan.source, std::move(*bytes)});
                }
            }
        }
        for (const auto& [file, question] : watcher.questions()) {
            if (asked.insert(file).second && callbacks.question)
                callbacks.question({file, question});
        }
    }
}

}  // namespace

Result<std::unique_ptr<ExportFolderWatch>> ExportFolderWatch::start(
    const fs::path& folder, ExportFolderCallbacks callbacks) {
    auto watcher = drv::FolderWatcher::open(folder, drv::FolderWatchOptions{});
    if (!watcher) return fail(watcher.error());
    std::unique_ptr<ExportFolderWatch> watch(new ExportFolderWatch());
    auto shared = std::make_shared<drv::FolderWatcher>(std::move(*watcher));
    watch->worker_ = std::thread([shared, callbacks = std::move(callbacks), stop = watch->stop_] {
        watch_loop(*shared, callbacks, *stop);
    });
    return watch;
}

ExportFolderWatch::~ExportFolderWatch() {
    stop_->store(true);
    if (worker_.joinable()) worker_.join();
}

Result<std::vector<std::byte>> read_scan_file(const fs::path& file) {
    return read_file_bytes(file, kMaxScanBytes);
}

}  // namespace intake::app
