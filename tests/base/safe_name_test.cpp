// Path traversal through user-given names: every attempt is refused by name. Label: security.
#include "base/safe_name.h"

#include <gtest/gtest.h>

namespace intake {
namespace {

TEST(SafeName, TraversalSeparatorsAndControlCharactersAreRefused) {
    using namespace std::string_view_literals;
    for (std::string_view bad :
         {""sv, "."sv, ".."sv, "../../etc/passwd"sv, "a/b"sv, "a\\b"sv, "..hidden"sv, ".ssh"sv,
          "-rf"sv, "case\0id"sv, "line\nbreak"sv, "tab\there"sv, "bell\x07"sv, "del\x7f"sv}) {
        auto st = check_path_component(bad, "case id");
        ASSERT_FALSE(st) << bad;
        EXPECT_EQ(st.error().code, Errc::invalid_argument);
        EXPECT_NE(st.error().message.find("case id"), std::string::npos);
        EXPECT_EQ(st.error().message.find('\n'), std::string::npos) << "the message forges a line";
    }
    EXPECT_FALSE(check_path_component(std::string(129, 'a'), "case id"));
}

TEST(SafeName, OrdinaryNamesPass) {
    for (std::string_view good : {"C-1", "DEMO-1", "case_2026.11", "a..b", "Müller-7", "x"})
        EXPECT_TRUE(check_path_component(good, "case id")) << good;
}

}  // namespace
}  // namespace intake
