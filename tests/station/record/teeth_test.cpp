#include "station/record/teeth.h"

#include <gtest/gtest.h>

#include "station/record/rx_text_scan.h"

namespace intake::record {
namespace {

std::vector<int> teeth(const char* text) {
    auto r = parse_teeth(text);
    EXPECT_TRUE(r) << text << ": " << (r ? "" : r.error().message);
    return r ? *r : std::vector<int>{};
}

TEST(Teeth, FdiPermanentAndDeciduous) {
    int valid = 0;
    for (int n = 0; n < 100; ++n) valid += is_valid_fdi(n) ? 1 : 0;
    EXPECT_EQ(valid, 32 + 20);
    for (int n : {19, 49, 10, 90, 20, 56, 59, 86, 9, 0}) EXPECT_FALSE(is_valid_fdi(n)) << n;
    for (int n : {11, 18, 28, 38, 48, 51, 55, 65, 75, 85}) EXPECT_TRUE(is_valid_fdi(n)) << n;
    EXPECT_TRUE(is_deciduous_fdi(53));
    EXPECT_EQ(teeth("24"), std::vector<int>{24});
    EXPECT_EQ(teeth("75"), std::vector<int>{75});
}

TEST(Teeth, ClinicWords) {
    EXPECT_EQ(teeth("lower 3-3"), (std::vector<int>{43, 42, 41, 31, 32, 33}));
    EXPECT_EQ(teeth("upper 6-6"),
              (std::vector<int>{16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26}));
    EXPECT_EQ(teeth("Upper C-C"), (std::vector<int>{53, 52, 51, 61, 62, 63}));
    EXPECT_EQ(teeth("UR3"), std::vector<int>{13});
    EXPECT_EQ(teeth("ll6"), std::vector<int>{36});
    EXPECT_EQ(teeth("URC"), std::vector<int>{53});
    EXPECT_EQ(teeth("lower right 4"), std::vector<int>{44});
    EXPECT_EQ(teeth("11, 21"), (std::vector<int>{11, 21}));
    EXPECT_EQ(teeth("11; 21 and 22"), (std::vector<int>{11, 21, 22}));
    EXPECT_EQ(teeth("13-23"), (std::vector<int>{13, 12, 11, 21, 22, 23}));
    EXPECT_EQ(teeth("33-43"), (std::vector<int>{33, 32, 31, 41, 42, 43}));
    EXPECT_EQ(teeth("14-16"), (std::vector<int>{14, 15, 16}));
    EXPECT_EQ(teeth("11, 11"), std::vector<int>{11});
}

TEST(Teeth, RefusalsExplainAndSuggest) {
    struct Bad {
        const char* text;
        const char* says;
    };
    const Bad bad[] = {{"19", "'19' is not an FDI tooth number"},
                       {"49", "not an FDI"},
                       {"10", "not an FDI"},
                       {"90", "not an FDI"},
                       {"#8", "Universal numbering: write FDI 11"},
                       {"#32", "FDI 48"},
                       {"13-33", "within one arch"},
                       {"upper 3-c", "mixes permanent and deciduous"},
                       {"front teeth", "is not a tooth"},
                       {"", "no teeth"},
                       {"11,,21", "empty list item"}};
    for (const Bad& b : bad) {
        auto r = parse_teeth(b.text);
        ASSERT_FALSE(r) << b.text;
        EXPECT_NE(r.error().message.find(b.says), std::string::npos) << r.error().message;
    }
}

TEST(Teeth, UniversalToFdiCoversAllQuadrants) {
    EXPECT_EQ(universal_to_fdi(1), 18);
    EXPECT_EQ(universal_to_fdi(8), 11);
    EXPECT_EQ(universal_to_fdi(9), 21);
    EXPECT_EQ(universal_to_fdi(16), 28);
    EXPECT_EQ(universal_to_fdi(17), 38);
    EXPECT_EQ(universal_to_fdi(24), 31);
    EXPECT_EQ(universal_to_fdi(25), 41);
    EXPECT_EQ(universal_to_fdi(32), 48);
    EXPECT_FALSE(universal_to_fdi(33));
}

TEST(FreeText, FlagsInvalidUniversalAndPalmer) {
    const auto f = scan_free_text(
        "Please extrude #8 and UR3; also check 19 and 49. Tooth 24 fine. 3\u2518 too. "
        "Wear 20+ hours, 0.5mm, 10 degrees, 14 days.");
    std::vector<std::string> tokens;
    for (const auto& x : f) tokens.push_back(x.token);
    auto has = [&](const std::string& t, int fdi) {
        for (const auto& x : f) {
            if (x.token == t && x.suggested_fdi == fdi) return true;
        }
        return false;
    };
    EXPECT_TRUE(has("#8", 11));
    EXPECT_TRUE(has("UR3", 13));
    EXPECT_TRUE(has("19", 0));
    EXPECT_TRUE(has("49", 0));
    EXPECT_TRUE(has("3\u2518", 13));
    EXPECT_EQ(f.size(), 5u) << ::testing::PrintToString(tokens);
}

TEST(FreeText, TheSeedSentenceIsClean) {
    EXPECT_TRUE(scan_free_text("Please align the facial surfaces of the lower 3-3; please extrude "
                               "the 24 another 0.5mm into better occlusion.")
                    .empty());
}

}  // namespace
}  // namespace intake::record
