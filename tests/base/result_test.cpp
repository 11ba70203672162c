#include "base/result.h"

#include <gtest/gtest.h>

using namespace intake;

namespace {
Result<int> parse_positive(int v) {
    if (v <= 0) return fail(Errc::bad_input, "value must be positive, got " + std::to_string(v));
    return v;
}
Status twice_positive(int v) {
    INTAKE_TRY(parse_positive(v));
    INTAKE_TRY(parse_positive(v * 2));
    return ok();
}
}  // namespace

TEST(Result, CarriesValueOrError) {
    auto good = parse_positive(3);
    ASSERT_TRUE(good);
    EXPECT_EQ(*good, 3);
    auto bad = parse_positive(-1);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::bad_input);
    EXPECT_EQ(bad.error().to_string(), "bad-input: value must be positive, got -1");
    EXPECT_EQ(bad.value_or(7), 7);
}

TEST(Result, TryPropagatesTheFirstFailure) {
    EXPECT_TRUE(twice_positive(1));
    Status st = twice_positive(0);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().message, "value must be positive, got 0");
}

TEST(Errc, NamesAndNumbersAreStable) {
    EXPECT_EQ(errc_name(Errc::server_refused), "server-refused");
    EXPECT_EQ(static_cast<int>(Errc::stall), -18);  // stable numbers never move
}
