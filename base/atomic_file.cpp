#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace intake {
namespace {

Errc errc_from_errno(int err) {
    switch (err) {
        case ENOSPC:
        case EFBIG:
        case EDQUOT:
            return Errc::no_space;
        case EACCES:
        case EPERM:
        case EROFS:
            return Errc::access_denied;
        case ENOENT:
        case ENOTDIR:
            return Errc::not_found;
        default:
            return Errc::io;
    }
}

Failure os_failure(const std::filesystem::path& path, std::string_view what, int err) {
    return fail(errc_from_errno(err),
                path.string() + ": " + std::string(what) + " failed: " + std::strerror(err));
}

// The data on disk and the descriptor closed (and forgotten, whatever close() says): the first
// half of both commits.
Status sync_and_close(int& fd, const std::filesystem::path& destination) {
    if (fd < 0) return fail(Errc::internal, destination.string() + ": commit twice");
    if (::fsync(fd) != 0) return os_failure(destination, "fsync", errno);
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0) return os_failure(destination, "close", errno);
    return ok();
}

// The destination's new name in its folder survives a power loss.
Status sync_folder(const std::filesystem::path& destination) {
    std::filesystem::path dir = destination.parent_path();
    return fsync_directory(dir.empty() ? std::filesystem::path(".") : dir);
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path destination, std::filesystem::path temp_path, int fd)
    : destination_(std::move(destination)), temp_path_(std::move(temp_path)), fd_(fd) {}

Result<AtomicFile> AtomicFile::create(const std::filesystem::path& destination, unsigned mode) {
    std::filesystem::path dir = destination.parent_path();
    if (dir.empty()) dir = ".";
    std::string pattern = (dir / ("." + destination.filename().string() + ".tmp-XXXXXX")).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    int fd = ::mkostemp(buffer.data(), O_CLOEXEC);
    if (fd < 0) return os_failure(destination, "creating a temporary file", errno);
    // mkostemp makes 0600 files; widen only when asked (never wider than 0644).
    if (mode != 0600) ::fchmod(fd, static_cast<mode_t>(mode & 0644));
    return AtomicFile(destination, std::filesystem::path(buffer.data()), fd);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : destination_(std::move(other.destination_)),
      temp_path_(std::move(other.temp_path_)),
      fd_(other.fd_) {
    other.fd_ = -1;
    other.temp_path_.clear();
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
    if (this != &other) {
        abandon();
        destination_ = std::move(other.destination_);
        temp_path_ = std::move(other.temp_path_);
        fd_ = other.fd_;
        other.fd_ = -1;
        other.temp_path_.clear();
    }
    return *this;
}

AtomicFile::~AtomicFile() { abandon(); }

Status AtomicFile::write(std::span<const std::byte> bytes) {
    if (fd_ < 0) return fail(Errc::internal, destination_.string() + ": write after commit");
    const auto* data = reinterpret_cast<const char*>(bytes.data());
    size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd_, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return os_failure(destination_, "writing", errno);
        }
        data += n;
        left -= static_cast<size_t>(n);
    }
    return ok();
}

Status AtomicFile::write(std::string_view text) {
    return write(std::as_bytes(std::span<const char>(text.data(), text.size())));
}

Status AtomicFile::commit() {
    INTAKE_TRY(sync_and_close(fd_, destination_));
    if (::rename(temp_path_.c_str(), destination_.c_str()) != 0) {
        return os_failure(destination_, "rename", errno);
    }
    temp_path_.clear();
    return sync_folder(destination_);
}

Status AtomicFile::commit_new() {
    INTAKE_TRY(sync_and_close(fd_, destination_));
    // link() fails with EEXIST instead of replacing, which rename() would do silently.
    if (::link(temp_path_.c_str(), destination_.c_str()) != 0) {
        int err = errno;
        abandon();
        if (err == EEXIST)
            return fail(Errc::conflict, destination_.string() + ": already exists; not replaced");
        return os_failure(destination_, "link", err);
    }
    abandon();  // the temporary name; the destination keeps the data
    return sync_folder(destination_);
}

void AtomicFile::abandon() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!temp_path_.empty()) {
        ::unlink(temp_path_.c_str());
        temp_path_.clear();
    }
}

Status write_file_atomic(const std::filesystem::path& path, std::span<const std::byte> bytes) {
    auto file = AtomicFile::create(path);
    if (!file) return fail(file.error());
    INTAKE_TRY(file->write(bytes));
    return file->commit();
}

Status write_file_atomic(const std::filesystem::path& path, std::span<const std::byte> bytes,
                         unsigned mode) {
    auto file = AtomicFile::create(path, mode);
    if (!file) return fail(file.error());
    INTAKE_TRY(file->write(bytes));
    return file->commit();
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view text) {
    return write_file_atomic(path, std::as_bytes(std::span<const char>(text.data(), text.size())));
}

Status fsync_directory(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return os_failure(dir, "opening the folder", errno);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return os_failure(dir, "fsync of the folder", err);
    return ok();
}

}  // namespace intake
