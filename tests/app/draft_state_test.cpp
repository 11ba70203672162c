// The appointment's draft as kept in the store: what draft_to_json writes, restore_draft reads
// back; photos or scans whose files are gone are dropped, and malformed JSON restores nothing.
#include "draft_state.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "appointment_draft.h"
#include "station/record/submission_gate.h"
#include "ui_harness.h"

namespace intake::app::test {
namespace {
namespace fs = std::filesystem;

TEST(DraftState, RoundTripsWhatWasCapturedAndDropsMissingFiles) {
    ensure_app();
    const fs::path home = fresh_home("draft-state");
    const fs::path photo = home / "intraoral-left.jpg", scan = home / "upper-clean.ply";
    std::ofstream(photo) << "jpeg";
    std::ofstream(scan) << "ply";
    AppointmentDraft before;
    before.page = "scans";
    before.photos["intraoral-left"] = {photo, "warn", "Slightly dark", {"dark"}, 4000, 2.5};
    before.photos["intraoral-right"] = {home / "gone.jpg", "pass", "", {}, 4000, 3.0};
    before.scans["upper"].file = scan;
    before.scans["upper"].verdict = "pass";
    before.scans["upper"].voids = 2;
    before.scans["upper"].triangles = 250000;
    before.keep_all_attachments = false;
    before.attachments_teeth = "13, 23";
    before.attachments_reason = "Only minor movements remain.";
    before.attachments_confirmed = true;
    before.instructions.push_back({"24", "extrude", 0.5, "into occlusion", "", "", ""});
    before.instructions.push_back({"", "elastic", 0, "", "13", "46", "II"});
    before.free_text = "Please extrude the 24.";
    before.aligner_now_upper = 14;
    before.aligner_now_lower = 12;
    before.scans["upper"].taken_with_attachments = true;
    const std::string json = draft_to_json(before);

    AppointmentDraft after;
    restore_draft(after, json);
    EXPECT_EQ(after.page, "scans");
    ASSERT_EQ(after.photos.size(), 1u);  // the photo whose file is gone is dropped
    const PhotoShot& p = after.photos.at("intraoral-left");
    EXPECT_EQ(p.file, photo);
    EXPECT_EQ(p.verdict, "warn");
    EXPECT_EQ(p.reasons, std::vector<std::string>{"dark"});
    EXPECT_EQ(p.long_side, 4000);
    EXPECT_EQ(p.sharpness, 2.5);
    ASSERT_EQ(after.scans.count("upper"), 1u);
    EXPECT_EQ(after.scans.at("upper").triangles, 250000);
    EXPECT_EQ(after.scans.at("upper").voids, 2);
    EXPECT_FALSE(after.scans.at("upper").mesh) << "read back later, off the GUI thread";
    EXPECT_TRUE(after.scans.at("upper").taken_with_attachments);
    EXPECT_EQ(after.scans.at("upper").verdict, "pass");
    EXPECT_EQ(after.aligner_now_upper, 14);
    EXPECT_EQ(after.aligner_now_lower, 12);
    EXPECT_FALSE(after.keep_all_attachments);
    EXPECT_EQ(after.attachments_teeth, "13, 23");
    EXPECT_EQ(after.attachments_reason, "Only minor movements remain.");
    EXPECT_TRUE(after.attachments_confirmed);
    ASSERT_EQ(after.instructions.size(), 2u);
    EXPECT_EQ(after.instructions[0].teeth, "24");
    EXPECT_EQ(after.instructions[0].movement, "extrude");
    EXPECT_EQ(after.instructions[0].amount, 0.5);
    EXPECT_EQ(after.instructions[0].note, "into occlusion");
    EXPECT_EQ(after.instructions[1].from, "13");
    EXPECT_EQ(after.instructions[1].to, "46");
    EXPECT_EQ(after.instructions[1].elastic_class, "II");

    // A draft saved before instructions took several teeth: one FDI number and millimetres.
    AppointmentDraft old_draft;
    restore_draft(old_draft,
                  R"({"instructions": [{"tooth": 36, "movement": "intrude", "amount_mm": 0.3}]})");
    ASSERT_EQ(old_draft.instructions.size(), 1u);
    EXPECT_EQ(old_draft.instructions[0].teeth, "36");
    EXPECT_EQ(old_draft.instructions[0].amount, 0.3);
    EXPECT_EQ(after.free_text, "Please extrude the 24.");

    AppointmentDraft broken;
    restore_draft(broken, "{not json");
    restore_draft(broken, R"({"photos": 7, "instructions": "x", "keep_all_attachments": "no"})");
    EXPECT_TRUE(broken.photos.empty());
    EXPECT_TRUE(broken.instructions.empty());
    EXPECT_TRUE(broken.keep_all_attachments);
}

// Drafts saved before the rescan mark was kept beside the verdict had the verdict overwritten
// with "fail" and the reason appended: the reason becomes the mark again, and the verdict
// underneath is restored where it is known (a pass carries no reasons).
TEST(DraftState, AnOldDraftsRescanReasonBecomesTheMarkBesideTheVerdict) {
    ensure_app();
    const fs::path home = fresh_home("draft-state-legacy");
    for (const char* name : {"upper.ply", "lower.ply", "bite.ply"})
        std::ofstream(home / name) << "ply";
    const std::string why(intake::record::kTakenBeforeRemoval);
    nlohmann::json old_draft = {{"keep_all_attachments", false},
                                {"scans",
                                 {{"upper",
                                   {{"file", (home / "upper.ply").string()},
                                    {"verdict", "fail"},
                                    {"reasons", "No findings: 100 triangles.\n" + why},
                                    {"reason_list", {why}}}},
                                  {"lower",
                                   {{"file", (home / "lower.ply").string()},
                                    {"verdict", "fail"},
                                    {"reasons", "2 debris islands\n" + why},
                                    {"reason_list", {"2 debris islands", why}}}},
                                  {"bite",
                                   {{"file", (home / "bite.ply").string()},
                                    {"verdict", "pass"},
                                    {"reasons", "No findings."},
                                    {"reason_list", nlohmann::json::array()}}}}}};
    AppointmentDraft c;
    restore_draft(c, old_draft.dump());
    ASSERT_EQ(c.scans.size(), 3u);
    const ArchScan& upper = c.scans.at("upper");
    EXPECT_TRUE(upper.taken_with_attachments);
    EXPECT_EQ(upper.verdict, "pass");
    EXPECT_EQ(upper.reasons, "No findings: 100 triangles.");
    EXPECT_TRUE(upper.reason_list.empty());
    const ArchScan& lower = c.scans.at("lower");
    EXPECT_TRUE(lower.taken_with_attachments);
    EXPECT_EQ(lower.verdict, "fail");  // a warning or a failure underneath: not known, kept
    EXPECT_EQ(lower.reason_list, std::vector<std::string>{"2 debris islands"});
    EXPECT_EQ(lower.reasons, "2 debris islands");
    // Unmarked under the removal decision: taken after it.
    EXPECT_FALSE(c.scans.at("bite").taken_with_attachments);
    EXPECT_EQ(c.scans.at("bite").verdict, "pass");
}

}  // namespace
}  // namespace intake::app::test
