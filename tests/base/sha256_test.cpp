#include "base/sha256.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace intake;

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(sha256_hex(std::string_view("")),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex(std::string_view("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
    Sha256 h;
    h.update(std::string_view("a"));
    h.update(std::string_view("bc"));
    EXPECT_EQ(h.hex(), sha256_hex(std::string_view("abc")));
}

TEST(Sha256, FileHashMatchesTheTestdataSourceList) {
    auto hex = sha256_file_hex(std::filesystem::path(INTAKE_TESTDATA_DIR) / "photos" / "0-0.png");
    ASSERT_TRUE(hex);
    EXPECT_EQ(*hex, "ea073e3cad26ec1b531ee35a7188d25ddad3a2ca5c2ba2d51853367ae33a9ae0");
}
