#include "station/cli/exit_codes.h"

#include <gtest/gtest.h>

using namespace intake;
using intake::cli::exit_code_for;

TEST(ExitCodes, FollowTheCliContract) {
    EXPECT_EQ(exit_code_for(Errc::ok), 0);
    EXPECT_EQ(exit_code_for(Errc::invalid_argument), 2);
    EXPECT_EQ(exit_code_for(Errc::bad_input), 3);
    EXPECT_EQ(exit_code_for(Errc::corrupt), 3);
    EXPECT_EQ(exit_code_for(Errc::timeout), 4);
    EXPECT_EQ(exit_code_for(Errc::network), 4);
    EXPECT_EQ(exit_code_for(Errc::disconnected), 4);
    EXPECT_EQ(exit_code_for(Errc::access_denied), 4);
}
