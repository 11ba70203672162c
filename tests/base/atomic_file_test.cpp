#include "base/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <string>

#include "base/file_io.h"

namespace fs = std::filesystem;
using namespace intake;

namespace {

fs::path fresh_dir(const std::string& name) {
    fs::path dir =
        fs::temp_directory_path() / ("intake-base-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

size_t entries_in(const fs::path& dir) {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST(AtomicFile, CommitReplacesDestinationAndLeavesNoTemp) {
    fs::path dir = fresh_dir("commit");
    fs::path out = dir / "report.json";
    ASSERT_TRUE(write_file_atomic(out, std::string_view("old")));
    ASSERT_TRUE(write_file_atomic(out, std::string_view("new contents")));
    auto text = read_file_text(out);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, "new contents");
    EXPECT_EQ(entries_in(dir), 1u);
}

TEST(AtomicFile, AbandonedWriteLeavesDestinationUntouched) {
    fs::path dir = fresh_dir("abandon");
    fs::path out = dir / "scan.ply";
    ASSERT_TRUE(write_file_atomic(out, std::string_view("original")));
    {
        auto file = AtomicFile::create(out);
        ASSERT_TRUE(file);
        ASSERT_TRUE(file->write(std::string_view("half a mesh")));
        // destroyed without commit: a crash or an error path
    }
    EXPECT_EQ(*read_file_text(out), "original");
    EXPECT_EQ(entries_in(dir), 1u);
}

TEST(AtomicFile, FileSizeLimitIsReportedAsNoSpaceAndNothingIsWritten) {
    fs::path dir = fresh_dir("fsize");
    fs::path out = dir / "big.bin";
    std::signal(SIGXFSZ, SIG_IGN);  // without this the kernel kills us instead of failing write()
    rlimit old{};
    ::getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 4096;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    std::string payload(64 * 1024, 'x');
    Status st = write_file_atomic(out, std::string_view(payload));
    ::setrlimit(RLIMIT_FSIZE, &old);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, Errc::no_space);
    EXPECT_NE(st.error().message.find("big.bin"), std::string::npos);
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(entries_in(dir), 0u);
}

TEST(AtomicFile, MissingFolderIsNotFound) {
    auto file = AtomicFile::create("/nonexistent-intake-dir/x.txt");
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, Errc::not_found);
}

TEST(FileIo, MappedFileSeesBytesAndMissingFileIsBadInput) {
    fs::path dir = fresh_dir("map");
    ASSERT_TRUE(write_file_atomic(dir / "a", std::string_view("abc")));
    auto mapped = MappedFile::open(dir / "a");
    ASSERT_TRUE(mapped);
    ASSERT_EQ(mapped->size(), 3u);
    EXPECT_EQ(static_cast<char>(mapped->bytes()[2]), 'c');
    auto missing = MappedFile::open(dir / "b");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::bad_input);  // CLI exit 3: an unreadable input
    EXPECT_NE(missing.error().message.find("cannot open"), std::string::npos);
    auto folder = read_file_bytes(dir);
    ASSERT_FALSE(folder);
    EXPECT_EQ(folder.error().code, Errc::bad_input);
}
