#include "station/record/pin_pepper.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file_io.h"

namespace intake::record {

namespace fs = std::filesystem;

fs::path pin_pepper_path(const fs::path& home) { return home / "keys" / "pin-pepper"; }

namespace {

std::string sys_error(const fs::path& path, const char* what) {
    return path.string() + ": " + what + ": " + std::strerror(errno);
}

Status ensure_private_dir(const fs::path& dir) {
    // The station's home may not exist yet when the store is elsewhere (PostgreSQL).
    if (dir.has_parent_path()) INTAKE_TRY(create_private_directories(dir.parent_path()));
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return fail(Errc::io, sys_error(dir, "cannot create"));
    }
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return fail(Errc::access_denied, dir.string() + ": not a directory");
    }
    if ((st.st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0) {
        return fail(Errc::io, sys_error(dir, "cannot make it private (0700)"));
    }
    return ok();
}

Status write_all(int fd, const std::string& bytes, const fs::path& path) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail(Errc::io, sys_error(path, "cannot write"));
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) return fail(Errc::io, sys_error(path, "cannot sync"));
    return ok();
}

// A new random pepper in a temporary file of the folder, then link(2): fails with EEXIST rather
// than replacing a pepper another process made in the meantime.
Status create_pepper(const fs::path& file) {
    std::string tmp = (file.parent_path() / ".pin-pepper.XXXXXX").string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        return fail(Errc::io, sys_error(file.parent_path(), "cannot create a temporary file"));
    std::string pepper(kPinPepperBytes, '\0');
    randombytes_buf(pepper.data(), pepper.size());
    Status written = ::fchmod(fd, 0600) == 0 ? write_all(fd, pepper, tmp)
                                             : fail(Errc::io, sys_error(tmp, "cannot chmod"));
    sodium_memzero(pepper.data(), pepper.size());
    ::close(fd);
    if (written && ::link(tmp.c_str(), file.c_str()) != 0 && errno != EEXIST) {
        written = fail(Errc::io, sys_error(file, "cannot create"));
    }
    ::unlink(tmp.c_str());
    if (!written) return written;
    const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
    return ok();
}

}  // namespace

Result<std::string> load_pin_pepper(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            return fail(Errc::not_found, file.string() +
                                             ": the PIN pepper is missing; the PINs in station.db "
                                             "cannot be checked without it (restore keys/ from the "
                                             "station's backup)");
        }
        return fail(Errc::access_denied, sys_error(file, "cannot open the PIN pepper"));
    }
    struct stat st {};
    std::string pepper(kPinPepperBytes + 1, '\0');
    ssize_t n = -1;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) == 0) {
        n = ::read(fd, pepper.data(), pepper.size());
    }
    ::close(fd);
    if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
        return fail(Errc::access_denied,
                    file.string() + ": the PIN pepper must be a regular file of mode 0600");
    }
    if (n != static_cast<ssize_t>(kPinPepperBytes)) {
        return fail(Errc::corrupt, file.string() + ": the PIN pepper must be exactly " +
                                       std::to_string(kPinPepperBytes) + " bytes");
    }
    pepper.resize(kPinPepperBytes);
    return pepper;
}

Result<std::string> load_or_create_pin_pepper(const fs::path& file) {
    auto existing = load_pin_pepper(file);
    if (existing || existing.error().code != Errc::not_found) return existing;
    if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
    INTAKE_TRY(ensure_private_dir(file.parent_path()));
    INTAKE_TRY(create_pepper(file));
    return load_pin_pepper(file);
}

}  // namespace intake::record
