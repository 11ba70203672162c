// Reading whole files with errors as values, and a read-only memory map for large inputs
// (scans are tens of MB; mapping avoids a copy and keeps peak memory down).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace intake {

// Reads a whole file. `max_bytes` guards against reading something absurd by mistake.
Result<std::vector<std::byte>> read_file_bytes(const std::filesystem::path& path,
                                               size_t max_bytes = size_t{1} << 32);
Result<std::string> read_file_text(const std::filesystem::path& path,
                                   size_t max_bytes = size_t{1} << 30);

// Creates `dir` and any missing parents with mode 0700 (whatever the umask): the station's
// folders hold patient data. Existing folders are left as they are.
Status create_private_directories(const std::filesystem::path& dir);

// A read-only private mapping of a file. An empty file maps to an empty span.
class MappedFile {
  public:
    static Result<MappedFile> open(const std::filesystem::path& path);

    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::span<const std::byte> bytes() const { return {data_, size_}; }
    size_t size() const { return size_; }

  private:
    MappedFile(const std::byte* data, size_t size) : data_(data), size_(size) {}
    void release();

    const std::byte* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace intake
