#include "base/file_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace intake {
namespace {

// These helpers read *inputs*: a file the user named that is missing or unreadable is bad
// input (CLI exit 3), the same as a malformed one. Only a genuine OS failure is Errc::io.
Failure open_failure(const std::filesystem::path& path, int err) {
    bool unreadable = err == ENOENT || err == ENOTDIR || err == EACCES || err == EPERM;
    return fail(unreadable ? Errc::bad_input : Errc::io,
                path.string() + ": cannot open: " + std::strerror(err));
}

// Opens a regular file for reading and returns its fd and size.
Result<std::pair<int, size_t>> open_regular(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return open_failure(path, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return fail(Errc::bad_input, path.string() + ": not a regular file");
    }
    return std::pair<int, size_t>{fd, static_cast<size_t>(st.st_size)};
}

}  // namespace

Result<std::vector<std::byte>> read_file_bytes(const std::filesystem::path& path,
                                               size_t max_bytes) {
    auto opened = open_regular(path);
    if (!opened) return fail(opened.error());
    auto [fd, size] = *opened;
    if (size > max_bytes) {
        ::close(fd);
        return fail(Errc::bad_input,
                    path.string() + ": file is too large (" + std::to_string(size) + " bytes)");
    }
    std::vector<std::byte> data(size);
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::read(fd, data.data() + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    data.resize(done);  // the file may have shrunk while we read it
    return data;
}

Result<std::string> read_file_text(const std::filesystem::path& path, size_t max_bytes) {
    auto bytes = read_file_bytes(path, max_bytes);
    if (!bytes) return fail(bytes.error());
    return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

Result<MappedFile> MappedFile::open(const std::filesystem::path& path) {
    auto opened = open_regular(path);
    if (!opened) return fail(opened.error());
    auto [fd, size] = *opened;
    if (size == 0) {
        ::close(fd);
        return MappedFile(nullptr, 0);
    }
    void* addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int err = errno;
    ::close(fd);
    if (addr == MAP_FAILED) {
        return fail(Errc::io, path.string() + ": cannot map: " + std::strerror(err));
    }
    ::madvise(addr, size, MADV_SEQUENTIAL | MADV_WILLNEED);
    return MappedFile(static_cast<const std::byte*>(addr), size);
}

MappedFile::MappedFile(MappedFile&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        release();
        data_ = other.data_;
        size_ = other.size_;
        other.data_ = nullptr;
        other.size_ = 0;
    }
    return *this;
}

MappedFile::~MappedFile() { release(); }

void MappedFile::release() {
    if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
    data_ = nullptr;
    size_ = 0;
}

Status create_private_directories(const std::filesystem::path& dir) {
    std::error_code ec;
    if (dir.empty() || std::filesystem::is_directory(dir, ec)) return ok();
    INTAKE_TRY(create_private_directories(dir.parent_path()));
    if (::mkdir(dir.c_str(), 0700) == 0) {
        ::chmod(dir.c_str(), 0700);  // mkdir's mode is masked by the umask (never widened)
        return ok();
    }
    if (errno == EEXIST) return ok();  // made by someone else meanwhile
    return fail(errno == EACCES ? Errc::access_denied : Errc::io,
                dir.string() + ": cannot create: " + std::strerror(errno));
}

}  // namespace intake
