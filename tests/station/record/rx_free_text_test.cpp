// The prescription's free text read like a lab technician reads it: a table of clinician
// sentences, each with what must be understood (movement, FDI teeth, amount), the warning a
// sentence that cannot be placed must raise, or the finding the same checks as the instruction
// list must give.
#include "station/record/rx_free_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "station/record/prescription.h"

namespace intake::record {
namespace {

constexpr double kNone = std::nan("");

struct Expect {
    const char* movement;
    std::vector<int> teeth;
    double amount = kNone;
};

struct Sentence {
    const char* text;
    std::vector<Expect> understood;
    bool warns = false;      // a warning that names the words
    const char* error = "";  // a finding, "" when the prescription stays valid
};

RxCheck check_text(const std::string& text) {
    nlohmann::json doc = {{"free_text", text}};
    auto rx = parse_prescription_json(doc.dump(), "rx.json");
    EXPECT_TRUE(rx) << (rx ? "" : rx.error().message);
    return rx ? check_prescription(*rx) : RxCheck{};
}

bool mentions(const std::vector<std::string>& list, const std::string& part) {
    for (const auto& s : list) {
        if (s.find(part) != std::string::npos) return true;
    }
    return false;
}

const std::vector<Sentence>& table() {
    static const std::vector<Sentence> t = {
        // What the clinician writes in the seed and the issue.
        {"extrude the 24 another 0.5mm", {{"extrude", {24}, 0.5}}},
        {"intrude 12 and 22 by 0.3 mm", {{"intrude", {12, 22}, 0.3}}},
        {"rotate 13 mesially 10 degrees", {{"rotate-mesial", {13}, 10}}},
        {"IPR 0.2 between 33 and 34", {{"ipr", {33, 34}, 0.2}}},
        {"Please align the facial surfaces of the lower 3-3",
         {{"align-facial-surfaces", {43, 42, 41, 31, 32, 33}}}},
        {"please extrude the 24 another 0.5mm into better occlusion", {{"extrude", {24}, 0.5}}},
        // Other ways of writing the same things.
        {"Derotate 23 distally by 15\u00b0", {{"rotate-distal", {23}, 15}}},
        {"0.3mm IPR 11/21", {{"ipr", {11, 21}, 0.3}}},
        {"IPR 0.2 mm at 32/33 and 42/43", {{"ipr", {32, 33, 42, 43}, 0.2}}},
        {"Intrude upper 2-2 0.5 mm", {{"intrude", {12, 11, 21, 22}, 0.5}}},
        {"Extrude UR2 1mm", {{"extrude", {12}, 1}}},
        {"Close the space between 11 and 21", {{"close-space", {11, 21}}}},
        {"Class II elastics from 13 to 46", {{"elastic", {13, 46}}}},
        {"class III elastics 33 to 26, button on 26", {{"elastic", {33, 26}}}},
        {"Pontic on 12 until the implant is placed", {{"pontic", {12}}}},
        {"Add bite ramps on 11 and 21", {{"bite-ramp", {11, 21}}}},
        {"Torque 11 and 21 lingual root 5 degrees", {{"torque-lingual-root", {11, 21}, 5}}},
        {"tip 33 distally 5\u00b0", {{"tip-distal", {33}, 5}}},
        {"Distalize 17 1.5mm", {{"move-distal", {17}, 1.5}}},
        {"move 42 lingually 0.5mm and extrude 43 0.5mm",
         {{"move-lingual", {42}, 0.5}, {"extrude", {43}, 0.5}}},
        {"Level marginal ridges 14-16", {{"level-marginal-ridges", {14, 15, 16}}}},
        {"Improve the occlusion on the lower right 6", {{"improve-occlusion", {46}}}},
        {"extrude 24 0.5mm, intrude 25 0.3mm", {{"extrude", {24}, 0.5}, {"intrude", {25}, 0.3}}},
        {"24 needs extrusion of 0.5mm", {{"extrude", {24}, 0.5}}},
        {"Rotate 13 mesially 10 degrees then IPR 0.2mm 13/14",
         {{"rotate-mesial", {13}, 10}, {"ipr", {13, 14}, 0.2}}},
        {"lower 3-3 intrude 0.5", {{"intrude", {43, 42, 41, 31, 32, 33}, 0.5}}},
        {"Extrude 11 and 21 no more than 0.5 mm", {{"extrude", {11, 21}, 0.5}}},
        {"Extrude 24 0.5 mm and 25 0.3 mm", {{"extrude", {24}, 0.5}, {"extrude", {25}, 0.3}}},
        {"Class II elastics 13-46 and 23-36", {{"elastic", {13, 46}}, {"elastic", {23, 36}}}},
        {"Extrude LL3 by 1 mm", {{"extrude", {33}, 1}}},
        {"extrude 24 0,5 mm", {{"extrude", {24}, 0.5}}},
        {"Space closure 11/21 1mm", {{"close-space", {11, 21}, 1}}},
        {"IPR 0.25 mm 12/13, 22/23", {{"ipr", {12, 13, 22, 23}, 0.25}}},
        {"Intrude lower incisors 1mm", {{"intrude", {42, 41, 31, 32}, 1}}},
        {"Torque the upper centrals buccal root 3 degrees", {{"torque-buccal-root", {11, 21}, 3}}},
        {"Extrude mandibular canines 0.5 mm", {{"extrude", {43, 33}, 0.5}}},
        {"Slight open bite anteriorly, consider extrusion of upper incisors",
         {{"extrude", {12, 11, 21, 22}}},
         true},
        // Nothing to place: stays text, silent unless it holds teeth.
        {"Patient happy with progress so far", {}},
        {"No IPR please", {}},
        {"Wear each aligner 22 hours a day for 14 days", {}},
        {"Patient is on aligner 15 of 20", {}},
        {"Class II elastics both sides", {}},
        // Teeth nobody could place: a warning, never a silent drop.
        {"IPR 33/34 already done", {}, true},
        {"Don't intrude 12", {}, true},
        {"Tooth 24 is sensitive, check at the next visit", {}, true},
        {"rotate 14 10 degrees", {}, true},
        {"Extrude the 24 between 0.5mm and 1mm", {}, true},
        {"Upright 37", {}, true},
        {"Elastics class II on 13, 46 and 23", {}, true},
        // Read, and refused by the same checks as the instruction list.
        {"extrude 36 8mm",
         {{"extrude", {36}, 8}},
         false,
         "tooth 36: 8 mm extrusion is over the 3 mm limit"},
        {"IPR 0.3 between 13 and 23",
         {{"ipr", {13, 23}, 0.3}},
         false,
         "contact 13/23: 13 and 23 are not adjacent"},
        {"IPR 0.8mm 33/34",
         {{"ipr", {33, 34}, 0.8}},
         false,
         "contact 33/34: 0.8 mm IPR is over the 0.5 mm limit"},
        {"extrude 19 0.5mm", {{"extrude", {}, 0.5}}, false, "'19' is not an FDI tooth number"},
        {"rotate 13 mesially 5mm",
         {{"rotate-mesial", {13}, 5}},
         false,
         "rotate-mesial is measured in deg"},
        {"class II elastics 23 to 46",
         {{"elastic", {23, 46}}},
         false,
         "class II elastics run on one side"},
        {"Please extrude #8 0.5mm",
         {{"extrude", {}, 0.5}},
         false,
         "'#8' looks like Universal numbering: write FDI 11"},
        {"intrude 36 and 46 1mm", {{"intrude", {36, 46}, 1}}, false, ""},
    };
    return t;
}

TEST(RxFreeText, TableOfClinicianSentences) {
    ASSERT_GE(table().size(), 30u);
    for (const Sentence& s : table()) {
        SCOPED_TRACE(s.text);
        const RxCheck c = check_text(s.text);
        ASSERT_EQ(c.understood.size(), s.understood.size())
            << ::testing::PrintToString(c.warnings) << ::testing::PrintToString(c.errors);
        for (size_t i = 0; i < s.understood.size(); ++i) {
            const CheckedInstruction& got = c.understood[i];
            const Expect& want = s.understood[i];
            EXPECT_EQ(got.source.movement, want.movement);
            EXPECT_EQ(got.teeth_fdi, want.teeth);
            if (std::isnan(want.amount)) {
                EXPECT_FALSE(got.source.amount.has_value());
            } else {
                ASSERT_TRUE(got.source.amount.has_value());
                EXPECT_DOUBLE_EQ(*got.source.amount, want.amount);
            }
        }
        if (*s.error) {
            EXPECT_FALSE(c.valid);
            EXPECT_TRUE(mentions(c.errors, s.error)) << ::testing::PrintToString(c.errors);
        } else {
            EXPECT_TRUE(c.valid) << ::testing::PrintToString(c.errors);
        }
        EXPECT_EQ(!c.warnings.empty(), s.warns) << ::testing::PrintToString(c.warnings);
    }
}

TEST(RxFreeText, TheWordsAndTheSentenceAreKept) {
    const RxCheck c = check_text(
        "Extrude LL3 by 1 mm; class III elastics 33 to 26, button on 26. Tooth 45 is sensitive.");
    ASSERT_EQ(c.understood.size(), 2u);
    EXPECT_EQ(c.understood[0].origin, "Extrude LL3 by 1 mm");
    EXPECT_EQ(c.understood[0].sentence, "Please extrude the LL3 another 1 mm.");
    const Instruction& elastic = c.understood[1].source;
    EXPECT_EQ(elastic.elastic_class, "III");
    EXPECT_EQ(elastic.from, "33");
    EXPECT_EQ(elastic.to, "26");
    EXPECT_FALSE(elastic.from_cut.has_value());
    EXPECT_EQ(elastic.to_cut, "button-cutout");
    EXPECT_EQ(c.understood[1].sentence,
              "Class III elastic on the left: a precision-cut hook on the 33 and a button cut-out "
              "on the 26.");
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_NE(c.warnings[0].find("'Tooth 45 is sensitive' mentions tooth 45"), std::string::npos)
        << c.warnings[0];
}

TEST(RxFreeText, ListAndTextAreCheckedTogether) {
    // The list says extrude, the note says intrude: the lab would get both.
    auto rx = parse_prescription_json(
        R"({"instructions":[{"teeth":"24","movement":"extrude","amount":0.5,"unit":"mm"}],
            "free_text":"intrude 24 0.5mm"})",
        "rx.json");
    ASSERT_TRUE(rx);
    const RxCheck c = check_prescription(*rx);
    EXPECT_FALSE(c.valid);
    EXPECT_TRUE(mentions(c.errors, "tooth 24 is asked to extrude and to intrude"));
    // An arch that is not treated refuses what the note asks of it too.
    auto upper = parse_prescription_json(
        R"({"arches_to_treat":"upper","free_text":"intrude 36 and 46 by 0.5 mm"})", "rx.json");
    ASSERT_TRUE(upper);
    EXPECT_TRUE(mentions(check_prescription(*upper).errors,
                         "teeth 36 and 46: the lower arch is not being treated"));
}

TEST(RxFreeText, FreeTextAloneIsAPrescription) {
    auto rx = parse_prescription_json(
        R"({"case_id":"C-1","free_text":"extrude the 24 another 0.5mm. IPR 0.2 between 33 and 34."})",
        "rx.json");
    ASSERT_TRUE(rx);
    const RxCheck c = check_prescription(*rx);
    EXPECT_TRUE(c.valid) << ::testing::PrintToString(c.errors);
    EXPECT_TRUE(c.warnings.empty()) << ::testing::PrintToString(c.warnings);
    const auto j = to_json(c, *rx);
    ASSERT_EQ(j["understood"].size(), 2u);
    for (const auto& key : {"teeth", "teeth_fdi", "movement", "amount", "unit", "note", "text"}) {
        EXPECT_TRUE(j["understood"][1].contains(key)) << key;
    }
    EXPECT_EQ(j["understood"][1]["teeth"], "33/34");
    EXPECT_EQ(j["understood"][1]["teeth_fdi"], nlohmann::json::array({33, 34}));
    EXPECT_EQ(j["understood"][1]["movement"], "ipr");
    EXPECT_EQ(j["understood"][1]["unit"], "mm");
    EXPECT_EQ(j["understood"][1]["text"], "IPR 0.2 mm between 33 and 34.");
    EXPECT_EQ(j["understood"][1]["source"], "IPR 0.2 between 33 and 34");
}

}  // namespace
}  // namespace intake::record
