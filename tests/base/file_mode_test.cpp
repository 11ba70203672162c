// Patient data at rest: AtomicFile writes 0600 unless the caller asks for a public mode, and
// its temporary file has an unpredictable name. Label: security.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <span>

#include "base/atomic_file.h"

namespace intake {
namespace {

namespace fs = std::filesystem;

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("intake-mode-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() { fs::remove_all(dir); }
};

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 07777;
}

TEST(FileMode, AtomicFileIsPrivateUnlessAskedOtherwiseEvenUnderAPermissiveUmask) {
    Scratch s;
    mode_t old = ::umask(0);  // the widest umask a careless shell could leave
    ASSERT_TRUE(write_file_atomic(s.dir / "scan.ply", std::string_view("patient data")));
    std::string_view text = "for everyone";
    ASSERT_TRUE(write_file_atomic(s.dir / "public.txt", std::as_bytes(std::span(text)),
                                  AtomicFile::kPublicFileMode));
    ASSERT_TRUE(write_file_atomic(s.dir / "wide.txt", std::as_bytes(std::span(text)), 0777));
    ::umask(old);
    EXPECT_EQ(mode_of(s.dir / "scan.ply"), 0600u);
    EXPECT_EQ(mode_of(s.dir / "public.txt"), 0644u);
    EXPECT_EQ(mode_of(s.dir / "wide.txt"), 0644u) << "never group/world writable";
}

TEST(FileMode, TemporaryNamesAreUnpredictable) {
    Scratch s;
    auto a = AtomicFile::create(s.dir / "out.bin");
    auto b = AtomicFile::create(s.dir / "out.bin");
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->temp_path(), b->temp_path());
    EXPECT_EQ(a->temp_path().filename().string().rfind(".out.bin.tmp-", 0), 0u);
    EXPECT_NE(a->temp_path().filename().string(), ".out.bin.tmp-XXXXXX");
    EXPECT_EQ(mode_of(a->temp_path()), 0600u);
}

}  // namespace
}  // namespace intake
