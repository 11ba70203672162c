// Crash-safe file writes: the data goes to a temporary file in the destination's folder, is
// fsynced, renamed over the destination and the folder is fsynced. Until commit() the
// destination is untouched; an abandoned AtomicFile removes its temporary file, so a failed
// run never leaves a half-written output behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

#include "base/result.h"

namespace intake {

class AtomicFile {
public:
    // Creates "<dir>/.<name>.tmp-XXXXXX" next to `destination`.
    static Result<AtomicFile> create(const std::filesystem::path& destination);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    // Appends bytes; a short write (ENOSPC, EFBIG from RLIMIT_FSIZE) is reported, not hidden.
    Status write(std::span<const std::byte> bytes);
    Status write(std::string_view text);

    // fsync, rename over the destination, fsync the folder. After this the object is spent.
    Status commit();

    // Drops the temporary file without touching the destination.
    void abandon();

    const std::filesystem::path& temp_path() const { return temp_path_; }
    int fd() const { return fd_; }

private:
    AtomicFile(std::filesystem::path destination, std::filesystem::path temp_path, int fd);

    std::filesystem::path destination_;
    std::filesystem::path temp_path_;
    int fd_ = -1;
};

// One-shot helpers built on AtomicFile.
Status write_file_atomic(const std::filesystem::path& path, std::span<const std::byte> bytes);
Status write_file_atomic(const std::filesystem::path& path, std::string_view text);

// fsync a folder so a rename or create inside it survives power loss.
Status fsync_directory(const std::filesystem::path& dir);

}  // namespace intake
