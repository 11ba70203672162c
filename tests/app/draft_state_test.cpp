// The appointment's draft as kept in the store: what draft_to_json writes, restore_draft reads
// back; photos or scans whose files are gone are dropped, and malformed JSON restores nothing.
#include "draft_state.h"

#include <gtest/gtest.h>

#include <fstream>

#include "app_context.h"
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
    AppConfig config;
    config.home = home;
    AppContext before(config);
    before.page = "scans";
    before.photos["intraoral-left"] = {photo, "warn", "Slightly dark", {"dark"}, 4000, 2.5};
    before.photos["intraoral-right"] = {home / "gone.jpg", "pass", "", {}, 4000, 3.0};
    before.scans["upper"].file = scan;
    before.scans["upper"].verdict = "pass";
    before.scans["upper"].voids = 2;
    before.scans["upper"].triangles = 250000;
    before.keep_all_attachments = false;
    before.instructions.push_back({24, "extrude", 0.5});
    before.free_text = "Please extrude the 24.";
    const std::string json = draft_to_json(before);

    AppContext after(config);
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
    EXPECT_FALSE(after.keep_all_attachments);
    ASSERT_EQ(after.instructions.size(), 1u);
    EXPECT_EQ(after.instructions[0].tooth, 24);
    EXPECT_EQ(after.instructions[0].movement, "extrude");
    EXPECT_EQ(after.free_text, "Please extrude the 24.");

    AppContext broken(config);
    restore_draft(broken, "{not json");
    restore_draft(broken, R"({"photos": 7, "instructions": "x", "keep_all_attachments": "no"})");
    EXPECT_TRUE(broken.photos.empty());
    EXPECT_TRUE(broken.instructions.empty());
    EXPECT_TRUE(broken.keep_all_attachments);
}

}  // namespace
}  // namespace intake::app::test
