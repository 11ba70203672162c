// What the lab's "additional aligners" form asks beyond tooth movements: IPR by contact,
// elastics with their hooks and cut-outs, pontics, bite ramps, the arches to treat and the
// aligner the patient wears now — checked, with findings that name the tooth or contact, and
// rendered into the lab's text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "station/record/prescription.h"
#include "station/record/rule_pack.h"
#include "station/record/submission_gate.h"
#include "station/record/teeth.h"

namespace intake::record {
namespace {

Prescription parse(const std::string& json) {
    auto rx = parse_prescription_json(json, "rx.json");
    EXPECT_TRUE(rx) << (rx ? "" : rx.error().message);
    return rx ? *rx : Prescription{};
}

RxCheck check(const std::string& json) { return check_prescription(parse(json)); }

bool mentions(const std::vector<std::string>& list, const std::string& part) {
    for (const auto& s : list) {
        if (s.find(part) != std::string::npos) return true;
    }
    return false;
}

std::string one(const std::string& instruction) {
    return R"({"instructions":[)" + instruction + "]}";
}

TEST(RxFeatures, AdjacentTeethShareAContact) {
    for (auto [a, b] :
         {std::pair{33, 34}, {11, 21}, {31, 41}, {17, 18}, {55, 16}, {51, 61}, {12, 53}, {84, 85}})
        EXPECT_TRUE(are_adjacent(a, b)) << a << "/" << b;
    for (auto [a, b] :
         {std::pair{13, 23}, {21, 31}, {33, 35}, {11, 11}, {11, 41}, {15, 55}, {19, 18}, {12, 22}})
        EXPECT_FALSE(are_adjacent(a, b)) << a << "/" << b;
}

TEST(RxFeatures, IprIsPerContactBetweenNeighbours) {
    const std::string ok = one(R"({"teeth":"33/34","movement":"ipr","amount":0.2,"unit":"mm"})");
    const RxCheck c = check(ok);
    EXPECT_TRUE(c.valid) << ::testing::PrintToString(c.errors);
    ASSERT_EQ(c.instructions.size(), 1u);
    EXPECT_EQ(c.instructions[0].teeth_fdi, (std::vector<int>{33, 34}));
    EXPECT_NE(render_prescription(parse(ok)).find("1. IPR 0.2 mm between 33 and 34.\n"),
              std::string::npos);
    EXPECT_TRUE(check(one(R"({"teeth":"11/21","movement":"ipr","amount":0.5,"unit":"mm"})")).valid);
    const RxCheck across =
        check(one(R"({"teeth":"13/23","movement":"ipr","amount":0.2,"unit":"mm"})"));
    EXPECT_TRUE(mentions(across.errors,
                         "contact 13/23: instructions[0].teeth: 13 and 23 are not "
                         "adjacent"))
        << ::testing::PrintToString(across.errors);
    const RxCheck much =
        check(one(R"({"teeth":"42/43","movement":"ipr","amount":0.6,"unit":"mm"})"));
    EXPECT_TRUE(mentions(much.errors, "contact 42/43: 0.6 mm IPR is over the 0.5 mm limit"))
        << ::testing::PrintToString(much.errors);
    EXPECT_EQ(much.errors.size(), 1u);
    const RxCheck zero = check(one(R"({"teeth":"42/43","movement":"ipr","amount":0,"unit":"mm"})"));
    EXPECT_TRUE(mentions(zero.errors, "contact 42/43: 0 mm IPR is not a movement"));
    EXPECT_TRUE(mentions(check(one(R"({"teeth":"42/43","movement":"ipr"})")).errors,
                         "contact 42/43: instructions[0].amount: IPR needs an amount in mm"));
    EXPECT_TRUE(mentions(
        check(one(R"({"teeth":"42/43","movement":"ipr","amount":0.2,"unit":"deg"})")).errors,
        "ipr is measured in mm"));
    EXPECT_TRUE(
        mentions(check(one(R"({"teeth":"42","movement":"ipr","amount":0.2,"unit":"mm"})")).errors,
                 "'42' is not a contact between two teeth"));
    EXPECT_TRUE(mentions(
        check(one(R"({"teeth":"48/49","movement":"ipr","amount":0.2,"unit":"mm"})")).errors,
        "'49' is not an FDI tooth number"));
    const std::string two =
        one(R"({"teeth":"12/13, 22/23","movement":"ipr","amount":0.3,"unit":"mm"})");
    EXPECT_TRUE(check(two).valid);
    EXPECT_NE(render_prescription(parse(two))
                  .find("IPR 0.3 mm between 12 and 13, and between 22 and 23."),
              std::string::npos);
}

TEST(RxFeatures, ElasticsRunBetweenTheArchesOnOneSide) {
    const std::string ok = one(
        R"({"movement":"elastic","from":"13","to":"46","class":"II","to_cut":"button-cutout"})");
    const RxCheck c = check(ok);
    EXPECT_TRUE(c.valid) << ::testing::PrintToString(c.errors);
    EXPECT_EQ(c.instructions[0].teeth_fdi, (std::vector<int>{13, 46}));
    EXPECT_EQ(c.instructions[0].sentence,
              "Class II elastic on the right: a precision-cut hook on the 13 and a button cut-out "
              "on the 46.");
    EXPECT_TRUE(check(one(R"({"movement":"elastic","from":"43","to":"16","class":"III"})")).valid);
    EXPECT_TRUE(check(one(R"({"movement":"elastic","from":"23","to":"26","class":"I"})")).valid);
    struct Bad {
        const char* json;
        const char* says;
    };
    const Bad bad[] = {
        {R"({"movement":"elastic","from":"13","to":"36","class":"II"})",
         "elastic 13-36: instructions[0].class: class II elastics run on one side; 13 is on the "
         "right, 36 on the left"},
        {R"({"movement":"elastic","from":"16","to":"43","class":"II"})",
         "elastic 16-43: instructions[0].class: an elastic from the lower 43 forward to the upper "
         "16 is class III, not class II"},
        {R"({"movement":"elastic","from":"13","to":"43","class":"II"})",
         "13 and 43 face each other: that is a vertical elastic"},
        {R"({"movement":"elastic","from":"13","to":"16","class":"II"})",
         "class II elastics run between the arches; 13 and 16 are both upper"},
        {R"({"movement":"elastic","from":"13","to":"46","class":"I"})",
         "class I elastics stay in one arch"},
        {R"({"movement":"elastic","from":"13","to":"46","class":"IV"})",
         "instructions[0].class: 'IV': the class is I, II or III"},
        {R"({"movement":"elastic","to":"46","class":"II"})",
         "elastic: instructions[0].from: an elastic needs both teeth"},
        {R"({"movement":"elastic","from":"13, 14","to":"46","class":"II"})",
         "an elastic runs from one tooth"},
        {R"({"movement":"elastic","from":"13","to":"46","class":"II","from_cut":"velcro"})",
         "'velcro' is not hook or button-cutout"},
        {R"({"movement":"elastic","from":"13","to":"46","class":"II","amount":2,"unit":"mm"})",
         "elastic 13-46: instructions[0].amount: an elastic takes no amount"},
        {R"({"teeth":"13","movement":"extrude","amount":0.5,"unit":"mm","class":"II"})",
         "tooth 13: instructions[0].movement: from, to, class and the cuts belong to elastics"},
    };
    for (const Bad& b : bad) {
        const RxCheck r = check(one(b.json));
        EXPECT_FALSE(r.valid) << b.json;
        EXPECT_TRUE(mentions(r.errors, b.says)) << ::testing::PrintToString(r.errors);
    }
}

TEST(RxFeatures, PonticsAndBiteRamps) {
    const std::string ok = R"({"instructions":[{"teeth":"12","movement":"pontic"},
        {"teeth":"11, 21","movement":"bite-ramp"}]})";
    const RxCheck c = check(ok);
    EXPECT_TRUE(c.valid) << ::testing::PrintToString(c.errors);
    const std::string text = render_prescription(parse(ok));
    EXPECT_NE(text.find("1. Please add a pontic for the 12.\n"), std::string::npos) << text;
    EXPECT_NE(text.find("2. Please add bite ramps to the 11 and 21.\n"), std::string::npos);
    const RxCheck moved = check(R"({"instructions":[{"teeth":"12","movement":"pontic"},
        {"teeth":"upper 2-2","movement":"intrude","amount":0.5,"unit":"mm"}]})");
    EXPECT_TRUE(mentions(moved.errors,
                         "tooth 12: a pontic stands in for a missing tooth; it cannot also have "
                         "intrusion"))
        << ::testing::PrintToString(moved.errors);
    const RxCheck ramp = check(one(R"({"teeth":"36","movement":"bite-ramp"})"));
    EXPECT_TRUE(mentions(ramp.errors,
                         "tooth 36: instructions[0].teeth: bite ramps go on the upper "
                         "incisors and canines (13-23)"));
    EXPECT_TRUE(
        mentions(check(one(R"({"teeth":"12","movement":"pontic","amount":1,"unit":"mm"})")).errors,
                 "pontic takes no amount"));
}

TEST(RxFeatures, ArchesToTreatAndTheAlignerWornNow) {
    const std::string upper = R"({"case_id":"C-1","arches_to_treat":"upper","current_aligner":14,
        "instructions":[{"teeth":"11","movement":"intrude","amount":0.5,"unit":"mm"}]})";
    EXPECT_TRUE(check(upper).valid);
    const std::string text = render_prescription(parse(upper));
    EXPECT_NE(text.find("Arches to treat: upper only\nAligner worn now: 14\nAttachments:"),
              std::string::npos)
        << text;
    const RxCheck lower_teeth = check(R"({"arches_to_treat":"upper","instructions":[
        {"teeth":"lower 3-3","movement":"align-facial-surfaces"},
        {"teeth":"31/41","movement":"ipr","amount":0.1,"unit":"mm"}]})");
    EXPECT_TRUE(mentions(lower_teeth.errors,
                         "teeth 43, 42, 41, 31, 32 and 33: instructions[0].teeth: the lower arch "
                         "is not being treated (arches_to_treat: upper)"));
    EXPECT_TRUE(mentions(lower_teeth.errors, "instructions[1].teeth: the lower arch"));
    EXPECT_TRUE(mentions(check(R"({"arches_to_treat":"middle","free_text":"x"})").errors,
                         "arches_to_treat: 'middle' is not upper, lower or both"));
    const std::string split = R"({"current_aligner":{"upper":14,"lower":12},"free_text":"x"})";
    EXPECT_TRUE(check(split).valid);
    EXPECT_NE(render_prescription(parse(split)).find("Aligner worn now: upper 14, lower 12\n"),
              std::string::npos);
    EXPECT_TRUE(mentions(check(R"({"current_aligner":{"upper":14},"free_text":"x"})").errors,
                         "current_aligner.lower: the lower arch is treated"));
    EXPECT_TRUE(
        check(R"({"arches_to_treat":"upper","current_aligner":{"upper":14},"free_text":"x"})")
            .valid);
    EXPECT_TRUE(mentions(check(R"({"current_aligner":0,"free_text":"x"})").errors,
                         "current_aligner.upper: 0 is not an aligner number (1-99)"));
    for (const char* bad : {R"({"current_aligner":"14"})", R"({"current_aligner":{"upper":1.5}})",
                            R"({"current_aligner":{"both":3}})", R"({"arches_to_treat":2})"}) {
        auto rx = parse_prescription_json(bad, "rx.json");
        ASSERT_FALSE(rx) << bad;
        EXPECT_EQ(rx.error().code, Errc::bad_input);
        EXPECT_EQ(rx.error().message.rfind("rx.json: ", 0), 0u) << rx.error().message;
    }
}

TEST(RxFeatures, FindingsNameTheToothFirst) {
    const RxCheck c = check(one(R"({"teeth":"36","movement":"extrude","amount":8,"unit":"mm"})"));
    ASSERT_EQ(c.errors.size(), 1u);
    EXPECT_EQ(c.errors[0].rfind("tooth 36: 8 mm extrusion is over the 3 mm limit", 0), 0u)
        << c.errors[0];
    const RxCheck several =
        check(one(R"({"teeth":"11, 21","movement":"rotate-mesial","amount":50,"unit":"deg"})"));
    EXPECT_TRUE(mentions(several.errors,
                         "teeth 11 and 21: 50 deg mesial rotation is over the 45 "
                         "deg limit"));
}

TEST(RxFeatures, EverythingSurvivesTheRoundTrip) {
    const Prescription rx = parse(R"({"case_id":"C-2","arches_to_treat":"both",
        "current_aligner":{"upper":9,"lower":9},
        "instructions":[{"teeth":"33/34","movement":"ipr","amount":0.2,"unit":"mm","note":"to relieve crowding"},
          {"movement":"elastic","from":"13","to":"46","class":"II","from_cut":"hook","to_cut":"button-cutout"},
          {"teeth":"22","movement":"pontic"},{"teeth":"11, 21","movement":"bite-ramp"}],
        "free_text":"rotate 13 mesially 10 degrees"})");
    const RxCheck c = check_prescription(rx);
    EXPECT_TRUE(c.valid) << ::testing::PrintToString(c.errors);
    auto again = parse_prescription_json(prescription_to_json(rx).dump(), "again.json");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(render_prescription(*again), render_prescription(rx));
    const auto j = to_json(c, rx);
    EXPECT_EQ(j["arches_to_treat"], "both");
    EXPECT_EQ(j["current_aligner"], (nlohmann::json{{"upper", 9}, {"lower", 9}}));
    EXPECT_EQ(j["instructions"][1]["class"], "II");
    EXPECT_EQ(j["instructions"][1]["to_cut"], "button-cutout");
    EXPECT_EQ(j["instructions"][1]["teeth_fdi"], nlohmann::json::array({13, 46}));
    EXPECT_FALSE(j["instructions"][0].contains("class"));
    EXPECT_EQ(j["understood"][0]["movement"], "rotate-mesial");
    const std::string text = render_prescription(rx);
    EXPECT_NE(text.find("1. IPR 0.2 mm between 33 and 34 to relieve crowding.\n"),
              std::string::npos)
        << text;
}

// The gate's "written instructions" item is met by free text the station could read, and
// only by that: a note with nothing to act on still needs instructions.
TEST(RxFeatures, TheGateTakesUnderstoodFreeTextAsInstructions) {
    auto pack = load_rule_pack("aligner-refinement-2026", INTAKE_RULES_DIR);
    ASSERT_TRUE(pack) << pack.error().message;
    ASSERT_TRUE(pack->instructions_required);
    const auto missing_instructions = [&](const std::string& free_text) {
        const Prescription rx = parse(nlohmann::json{{"free_text", free_text}}.dump());
        GateInputs in;
        in.pack = &*pack;
        in.rx = &rx;
        for (const GateItem& item : evaluate_gate(in).items) {
            if (item.record == "rx:instructions") return true;
        }
        return false;
    };
    EXPECT_FALSE(missing_instructions("extrude the 24 another 0.5mm"));
    EXPECT_TRUE(missing_instructions("patient happy with progress"));
}

}  // namespace
}  // namespace intake::record
