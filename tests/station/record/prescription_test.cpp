#include "station/record/prescription.h"

#include <gtest/gtest.h>

#include "base/file_io.h"

namespace intake::record {
namespace {

RxCheck check(const std::string& json) {
    auto rx = parse_prescription_json(json, "rx.json");
    EXPECT_TRUE(rx) << (rx ? "" : rx.error().message);
    return rx ? check_prescription(*rx) : RxCheck{};
}

bool any_contains(const std::vector<std::string>& list, const std::string& part) {
    for (const auto& s : list) {
        if (s.find(part) != std::string::npos) return true;
    }
    return false;
}

TEST(Prescription, TheSeedPrescriptionRendersInPlainWords) {
    auto text = read_file_text(INTAKE_RULES_DIR "/demo/rx.json");
    ASSERT_TRUE(text);
    auto rx = parse_prescription_json(*text, "rx.json");
    ASSERT_TRUE(rx) << rx.error().message;
    const RxCheck c = check_prescription(*rx);
    EXPECT_TRUE(c.valid) << ::testing::PrintToString(c.errors);
    ASSERT_EQ(c.instructions.size(), 2u);
    EXPECT_EQ(c.instructions[0].teeth_fdi, (std::vector<int>{43, 42, 41, 31, 32, 33}));
    EXPECT_EQ(c.instructions[1].teeth_fdi, std::vector<int>{24});
    const std::string out = render_prescription(*rx);
    EXPECT_NE(out.find("Attachments: Keep all existing attachments."), std::string::npos) << out;
    EXPECT_NE(out.find("1. Please align the facial surfaces of the lower 3-3."), std::string::npos)
        << out;
    EXPECT_NE(out.find("2. Please extrude the 24 another 0.5 mm into better occlusion."),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("additional aligners under the existing case DEMO-1"), std::string::npos);
}

TEST(Prescription, KeepAllIsTheDefault) {
    auto rx = parse_prescription_json(
        R"({"instructions":[{"teeth":"11, 21","movement":"intrude","amount":1,"unit":"mm"}]})",
        "rx.json");
    ASSERT_TRUE(rx);
    EXPECT_EQ(rx->attachments.decision, "keep-all");
    EXPECT_TRUE(rx->attachments.defaulted);
    EXPECT_TRUE(check_prescription(*rx).valid);
    EXPECT_NE(render_prescription(*rx).find("Please intrude the 11 and 21 another 1 mm."),
              std::string::npos);
}

TEST(Prescription, RemovalNeedsClinicianReasonAndConfirmation) {
    const RxCheck bare = check(R"({"attachments":{"decision":"remove-all"},
        "instructions":[{"teeth":"24","movement":"improve-occlusion"}]})");
    EXPECT_FALSE(bare.valid);
    EXPECT_TRUE(any_contains(bare.errors, "attachments.decided_by"));
    EXPECT_TRUE(any_contains(bare.errors, "attachments.reason"));
    EXPECT_TRUE(any_contains(bare.errors, "attachments.confirmed"));
    const RxCheck assistant = check(R"({"attachments":{"decision":"remove-all","decided_by":"amy",
        "decided_by_role":"assistant","reason":"minor movements only","confirmed":true},
        "instructions":[{"teeth":"24","movement":"improve-occlusion"}]})");
    EXPECT_FALSE(assistant.valid);
    const RxCheck some = check(R"({"attachments":{"decision":"remove-some","teeth":"UR3, 23",
        "decided_by":"dr-lee","decided_by_role":"clinician","reason":"canines finished","confirmed":true},
        "instructions":[{"teeth":"24","movement":"improve-occlusion"}]})");
    EXPECT_TRUE(some.valid) << ::testing::PrintToString(some.errors);
    EXPECT_EQ(some.attachment_teeth_fdi, (std::vector<int>{13, 23}));
    const RxCheck no_teeth = check(R"({"attachments":{"decision":"remove-some",
        "decided_by":"dr-lee","decided_by_role":"clinician","reason":"canines finished","confirmed":true},
        "instructions":[{"teeth":"24","movement":"improve-occlusion"}]})");
    EXPECT_TRUE(any_contains(no_teeth.errors, "attachments.teeth"));
}

TEST(Prescription, TeethMovementsAndBounds) {
    const RxCheck c = check(R"({"instructions":[
        {"teeth":"19","movement":"extrude","amount":0.5,"unit":"mm"},
        {"teeth":"#8","movement":"rotate-mesial","amount":10,"unit":"deg"},
        {"teeth":"13","movement":"extrude","amount":5,"unit":"mm"},
        {"teeth":"14","movement":"rotate-distal","amount":10,"unit":"mm"},
        {"teeth":"15","movement":"wiggle"},
        {"teeth":"16","movement":"align-facial-surfaces","amount":1,"unit":"mm"},
        {"teeth":"17","movement":"torque-buccal-root","amount":20,"unit":"°"}]})");
    EXPECT_FALSE(c.valid);
    EXPECT_TRUE(any_contains(c.errors, "instructions[0].teeth: '19' is not an FDI tooth number"));
    EXPECT_TRUE(any_contains(
        c.errors, "instructions[1].teeth: '#8' looks like Universal numbering: write FDI 11"));
    EXPECT_TRUE(
        any_contains(c.errors, "instructions[2].amount: 5 mm is outside 0 < amount <= 3 mm"));
    EXPECT_TRUE(any_contains(c.errors, "instructions[3].unit: rotate-distal is measured in deg"));
    EXPECT_TRUE(
        any_contains(c.errors, "instructions[4].movement: 'wiggle' is not a known movement"));
    EXPECT_TRUE(
        any_contains(c.errors, "instructions[5].amount: align-facial-surfaces takes no amount"));
    EXPECT_FALSE(any_contains(c.errors, "instructions[6]"));
    EXPECT_EQ(c.errors.size(), 6u) << ::testing::PrintToString(c.errors);
}

TEST(Prescription, ContradictionsOnOneToothAreFlagged) {
    const RxCheck c = check(R"({"instructions":[
        {"teeth":"upper 3-3","movement":"extrude","amount":0.5,"unit":"mm"},
        {"teeth":"11","movement":"intrude","amount":0.5,"unit":"mm"},
        {"teeth":"21","movement":"rotate-mesial"},{"teeth":"21","movement":"rotate-distal"}]})");
    EXPECT_FALSE(c.valid);
    EXPECT_TRUE(any_contains(c.errors, "tooth 11 is asked to extrude and to intrude"));
    EXPECT_TRUE(any_contains(c.errors, "tooth 21 is asked to rotate-distal and to rotate-mesial"));
    EXPECT_EQ(c.errors.size(), 2u);
}

TEST(Prescription, FreeTextFindingsAreWarnings) {
    const RxCheck c = check(R"({"instructions":[{"teeth":"24","movement":"improve-occlusion"}],
        "free_text":"also #9 and LL6 please, and 49"})");
    EXPECT_TRUE(c.valid);
    EXPECT_TRUE(any_contains(c.warnings, "'#9' looks like Universal numbering: FDI 21"));
    EXPECT_TRUE(any_contains(c.warnings, "'LL6' is Palmer-style notation: write FDI 36"));
    EXPECT_TRUE(any_contains(c.warnings, "'49' is not an FDI tooth number"));
}

TEST(Prescription, NoInstructionsIsAFinding) {
    EXPECT_FALSE(check(R"({"attachments":{"decision":"keep-all"}})").valid);
}

TEST(Prescription, StructuralProblemsAreBadInput) {
    for (const char* bad :
         {R"({"instructions":[{"teeth":"24","movement":"extrude","speed":1}]})",
          R"({"attachments":{"decision":"keep-all","colour":"blue"}})",
          R"({"instructions":{"teeth":"24"}})",
          R"({"instructions":[{"teeth":"24","movement":"extrude","amount":"0.5"}]})",
          R"({"notes":"x"})", "{"}) {
        auto rx = parse_prescription_json(bad, "rx.json");
        ASSERT_FALSE(rx) << bad;
        EXPECT_EQ(rx.error().code, Errc::bad_input);
        EXPECT_EQ(rx.error().message.rfind("rx.json: ", 0), 0u) << rx.error().message;
    }
    auto rx = parse_prescription_json(
        R"({"instructions":[{"teeth":"24","movement":"extrude","speed":1}]})", "rx.json");
    EXPECT_EQ(rx.error().message, "rx.json: instructions[0].speed: unknown field");
}

TEST(Prescription, TeethAsAnArrayAndJsonKeys) {
    auto rx = parse_prescription_json(
        R"({"instructions":[{"teeth":[11,21],"movement":"close-space","amount":1.5,"unit":"mm"}]})",
        "rx.json");
    ASSERT_TRUE(rx);
    const RxCheck c = check_prescription(*rx);
    const auto j = to_json(c, *rx);
    EXPECT_TRUE(j["valid"].get<bool>());
    EXPECT_EQ(j["instructions"][0]["teeth_fdi"], nlohmann::json::array({11, 21}));
    EXPECT_EQ(j["instructions"][0]["text"],
              "Please close the space at the 11 and 21 another 1.5 mm.");
    EXPECT_EQ(j["attachments"]["text"], "Keep all existing attachments");
    auto again = parse_prescription_json(prescription_to_json(*rx).dump(), "again.json");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(render_prescription(*again), render_prescription(*rx));
}

}  // namespace
}  // namespace intake::record
