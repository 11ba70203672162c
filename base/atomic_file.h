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
    // Creates "<dir>/.<name>.tmp-XXXXXX" next to `destination` (mkostemp: an unpredictable
    // name, O_EXCL). The station's files hold patient data, so the mode is 0600 unless the
    // caller asks for a public one (kPublicFileMode) for a file meant for other users.
    static Result<AtomicFile> create(const std::filesystem::path& destination,
                                     unsigned mode = kPrivateFileMode);
    static constexpr unsigned kPrivateFileMode = 0600;
    static constexpr unsigned kPublicFileMode = 0644;

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
    // Like commit() but never replaces: when the destination already exists (someone else
    // created it first) this is Errc::conflict and the destination is left as it was.
    Status commit_new();

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
Status write_file_atomic(const std::filesystem::path& path, std::span<const std::byte> bytes,
                         unsigned mode);

// fsync a folder so a rename or create inside it survives power loss.
Status fsync_directory(const std::filesystem::path& dir);

}  // namespace intake
