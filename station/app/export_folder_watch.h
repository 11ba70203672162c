// The scans step's export folder: the scanner's own software (iTero, TRIOS, Medit) writes the
// arches into a folder and the kiosk takes them from there. A worker thread runs the drivers'
// FolderWatcher (files already there count, newest first; a file is taken only once closed and
// no longer growing), whose rules say which file is upper, lower or bite (the scanner's own
// manifest, then the documented name patterns). Anything unclear is reported as a question for
// the person at the screen, never guessed. Each taken file is read on the worker thread, so the
// GUI thread only ever sees bytes.
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"

namespace intake::app {

struct TakenScan {
    std::string role;  // upper | lower | bite
    std::filesystem::path file;
    std::string source;  // whose word decided: "manifest itero_export_…xml", "name *upper*"
    std::vector<std::byte> bytes;
};

struct FolderQuestion {
    std::filesystem::path file;
    std::string question;
};

struct ExportFolderCallbacks {
    std::function<void(TakenScan)> taken;          // called on the worker thread
    std::function<void(FolderQuestion)> question;  // once per unclear file
    std::function<void(std::string)> failed;       // the watch ended with this error
};

class ExportFolderWatch {
  public:
    // Starts watching `folder`; not_found when it does not exist.
    static Result<std::unique_ptr<ExportFolderWatch>> start(const std::filesystem::path& folder,
                                                            ExportFolderCallbacks callbacks);
    ~ExportFolderWatch();  // stops and joins the worker
    ExportFolderWatch(const ExportFolderWatch&) = delete;
    ExportFolderWatch& operator=(const ExportFolderWatch&) = delete;

  private:
    ExportFolderWatch() = default;
    std::shared_ptr<std::atomic<bool>> stop_ = std::make_shared<std::atomic<bool>>(false);
    std::thread worker_;
};

// The bytes of a file a person assigned by hand (after a question), read off the GUI thread.
Result<std::vector<std::byte>> read_scan_file(const std::filesystem::path& file);

}  // namespace intake::app
