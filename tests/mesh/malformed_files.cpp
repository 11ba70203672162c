// Every malformed file is a bad_input error naming the file and a line or byte offset.
#include <gtest/gtest.h>

#include "malformed_cases.h"
#include "mesh/mesh_io.h"

namespace intake::mesh {
namespace {

TEST(MalformedFiles, EachIsBadInputWithFileAndPlace) {
    auto cases = test::malformed_cases();
    ASSERT_GE(cases.size(), 30u);
    for (const auto& c : cases) {
        std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(c.bytes.data()),
                                         c.bytes.size());
        auto loaded = read_mesh_bytes(bytes, c.file_name);
        ASSERT_FALSE(loaded) << c.file_name << " was accepted";
        const Error& e = loaded.error();
        EXPECT_EQ(e.code, Errc::bad_input) << c.file_name;
        EXPECT_NE(e.message.find(c.file_name), std::string::npos) << e.message;
        EXPECT_NE(e.message.find(c.expect), std::string::npos) << c.file_name << ": " << e.message;
        bool placed = e.message.find(" line ") != std::string::npos ||
                      e.message.find(" byte ") != std::string::npos ||
                      e.message.find("empty") != std::string::npos;
        EXPECT_TRUE(placed) << e.message;
    }
}

}  // namespace
}  // namespace intake::mesh
