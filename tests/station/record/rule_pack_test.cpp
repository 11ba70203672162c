#include "station/record/rule_pack.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "base/atomic_file.h"
#include "base/file_io.h"

namespace intake::record {
namespace {

TEST(RulePack, ShipsThreeVersionedPacks) {
    EXPECT_EQ(
        list_rule_packs(INTAKE_RULES_DIR),
        (std::vector<std::string>{"aligner-refinement-2026", "clearcorrect-2016", "generic"}));
    for (const char* name : {"aligner-refinement-2026", "clearcorrect-2016", "generic"}) {
        auto pack = load_rule_pack(name, INTAKE_RULES_DIR);
        ASSERT_TRUE(pack) << pack.error().message;
        EXPECT_EQ(pack->name, name);
        EXPECT_FALSE(pack->version.empty());
        EXPECT_EQ(pack->attachments_default, "keep-all");
        EXPECT_EQ(pack->scans, (std::vector<std::string>{"upper", "lower", "bite"}));
        EXPECT_EQ(pack->lifecycle.close_after_final_wear_days, 90);
    }
    auto refinement = load_rule_pack("aligner-refinement-2026", INTAKE_RULES_DIR);
    EXPECT_EQ(refinement->photo_views.size(), 8u);
    EXPECT_EQ(refinement->submission_kind, "additional-aligners");
    EXPECT_EQ(
        load_rule_pack("clearcorrect-2016", INTAKE_RULES_DIR)->lifecycle.lab_may_close_after_years,
        5);
}

TEST(RulePack, UnknownPackIsBadInputListingTheKnownOnes) {
    for (const char* name : {"invisible-2030", "../rules/generic", ""}) {
        auto pack = load_rule_pack(name, INTAKE_RULES_DIR);
        ASSERT_FALSE(pack);
        EXPECT_EQ(pack.error().code, Errc::bad_input);
        EXPECT_NE(pack.error().message.find("unknown rule pack"), std::string::npos);
        EXPECT_NE(pack.error().message.find("clearcorrect-2016"), std::string::npos);
    }
}

TEST(RulePack, MalformedPackNamesTheField) {
    auto text = read_file_text(std::string(INTAKE_RULES_DIR) + "/generic.json");
    ASSERT_TRUE(text);
    std::string bad = *text;
    bad.replace(bad.find("\"intraoral-left\""), 16, "\"intraoral-back\"");
    auto pack = parse_rule_pack_json(bad, "generic.json");
    ASSERT_FALSE(pack);
    EXPECT_NE(pack.error().message.find("generic.json: records.photo_views: 'intraoral-back'"),
              std::string::npos)
        << pack.error().message;
    std::string revived = *text;
    revived.replace(revived.find("\"inactivity_close_days\": null"), 29,
                    "\"inactivity_close_days\": 365");
    auto pack2 = parse_rule_pack_json(revived, "generic.json");
    ASSERT_FALSE(pack2);
    EXPECT_NE(pack2.error().message.find("lifecycle.inactivity_close_days"), std::string::npos);
}

TEST(RulePack, RulesDirHonoursTheEnvironment) {
    ::setenv("INTAKE_RULES_DIR", "/tmp/somewhere-else", 1);
    EXPECT_EQ(default_rules_dir(), std::filesystem::path("/tmp/somewhere-else"));
    ::unsetenv("INTAKE_RULES_DIR");
    const char* data = std::getenv("INTAKE_DATA_DIR");
    const std::string saved = data != nullptr ? data : "";
    ::setenv("INTAKE_DATA_DIR", "/opt/station/share/intake-station", 1);
    EXPECT_EQ(default_rules_dir(),
              std::filesystem::path("/opt/station/share/intake-station/rules"));
    if (saved.empty()) {
        ::unsetenv("INTAKE_DATA_DIR");
    } else {
        ::setenv("INTAKE_DATA_DIR", saved.c_str(), 1);
    }
}

}  // namespace
}  // namespace intake::record
