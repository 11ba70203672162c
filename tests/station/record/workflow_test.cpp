// The six-step appointment, the role gates, the pre-submit gate and the hand-out.
#include "station/record/workflow.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/file_io.h"
#include "station/record/case_file.h"
#include "station/record/demo_data.h"
#include "station/record/handout.h"
#include "station/record/submission.h"
#include "station/record/submission_gate.h"
#include "tests/station/record/staff_fixture.h"

namespace intake::record {
namespace {

const Actor kAssistant{"amy", "Amy", Role::assistant};
const Actor kClinician{"dr-lee", "Dr Lee", Role::clinician};

GateResult passing_gate() {
    GateResult g;
    g.passed = true;
    return g;
}

TEST(Workflow, RoleGatesAndOrder) {
    Workflow wf("DEMO-1");
    EXPECT_EQ(wf.next_step(), Step::attachments);
    auto denied = wf.complete(Step::attachments, kAssistant, {{"decision", "keep-all"}});
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, Errc::access_denied);
    auto early = wf.complete(Step::capture, kAssistant, {{"photos", 8}});
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, Errc::conflict);
    ASSERT_TRUE(wf.complete(Step::attachments, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::capture, kAssistant, {{"photos", 8}, {"scans", 3}}));
    ASSERT_TRUE(wf.complete(Step::submission, kAssistant,
                            {{"kind", "additional-aligners"}, {"case_id", "DEMO-1"}}));
    EXPECT_FALSE(wf.complete(Step::prescription, kAssistant, {{"decision", "keep-all"}}));
    auto mismatch = wf.complete(Step::prescription, kClinician, {{"decision", "remove-all"}});
    ASSERT_FALSE(mismatch);
    EXPECT_NE(mismatch.error().message.find("must match step 1"), std::string::npos);
    ASSERT_TRUE(wf.complete(Step::prescription, kClinician, {{"decision", "keep-all"}}));
    EXPECT_FALSE(wf.complete(Step::instructions, kAssistant, {{"count", 2}}));
    ASSERT_TRUE(wf.complete(Step::instructions, kClinician, {{"count", 2}}));
    EXPECT_FALSE(wf.complete(Step::handout, kAssistant, {})) << "hand-out needs the sign-off";
    EXPECT_FALSE(wf.sign_off(kAssistant, passing_gate()));
    GateResult failing;
    failing.items.push_back({"scan:bite", "missing", "required scan not taken"});
    auto blocked = wf.sign_off(kClinician, failing);
    ASSERT_FALSE(blocked);
    EXPECT_NE(blocked.error().message.find("1 missing or failing"), std::string::npos);
    ASSERT_TRUE(wf.sign_off(kClinician, passing_gate()));
    ASSERT_TRUE(wf.complete(Step::handout, kAssistant, {{"printed", true}}));
    EXPECT_FALSE(wf.next_step().has_value());
    const auto j = wf.to_json();
    EXPECT_EQ(j["steps"][0]["by"], "dr-lee");
    EXPECT_EQ(j["steps"][1]["role"], "assistant");
    EXPECT_TRUE(j["signed_off"].get<bool>());
    // Redoing a clinical step withdraws the sign-off.
    ASSERT_TRUE(wf.complete(Step::instructions, kClinician, {{"count", 3}}));
    EXPECT_FALSE(wf.signed_off());
}

class TempStore : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = home_.path() / "station.db";
        auto s = Store::open(path_);
        ASSERT_TRUE(s);
        store_ = std::make_unique<Store>(std::move(*s));
        // The store checks each actor: they are staff of this station.
        test::enrol(*store_, kAssistant.user_id, Role::assistant);
        test::enrol(*store_, kClinician.user_id, Role::clinician);
    }
    void TearDown() override { store_.reset(); }
    test::HomeDir home_;
    std::filesystem::path path_;
    std::unique_ptr<Store> store_;
};

TEST_F(TempStore, WorkflowActionsAreAuditedWithBeforeAfterHashes) {
    AuditLog log(*store_);
    Workflow wf("DEMO-1", &log);
    ASSERT_TRUE(wf.complete(Step::attachments, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::capture, kAssistant, {{"photos", 8}}));
    auto rows = store_->audit_rows();
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].action, "workflow.attachments");
    EXPECT_EQ((*rows)[0].role, "clinician");
    EXPECT_EQ((*rows)[1].before_hash, (*rows)[0].after_hash);
    EXPECT_NE((*rows)[1].after_hash, (*rows)[1].before_hash);
    EXPECT_TRUE(log.verify()->ok);
}

struct GateFixture {
    RulePack pack;
    Prescription rx;
    GateInputs in;
    GateFixture() {
        pack = *load_rule_pack("aligner-refinement-2026", INTAKE_RULES_DIR);
        rx = *parse_prescription_json(*read_file_text(INTAKE_RULES_DIR "/demo/rx.json"), "rx.json");
        auto c = parse_case_json(demo_case_json(*CivilDate::parse("2026-11-23")), "demo");
        in.pack = &pack;
        in.case_status = evaluate_case(*c, *CivilDate::parse("2026-11-23"), pack.lifecycle);
        in.rx = &rx;
        for (const auto& v : pack.photo_views)
            in.photos[v] = CapturedRecord{Verdict::pass, {}, 4000, 3.0, {}};
        for (const auto& s : pack.scans)
            in.scans[s] = CapturedRecord{Verdict::pass, {}, {}, {}, 250000};
        in.workflow_attachments_decision = "keep-all";
    }
};

TEST(Gate, CompleteRecordsPass) {
    GateFixture f;
    const GateResult g = evaluate_gate(f.in);
    EXPECT_TRUE(g.passed) << to_json(g).dump(2);
    EXPECT_EQ(g.rules_version, "2026.1");
}

TEST(Gate, ListsEveryMissingOrFailingRecord) {
    GateFixture f;
    f.in.photos.erase("intraoral-left");
    f.in.photos["extraoral-smile"] =
        CapturedRecord{Verdict::fail, {"Blurred: sharpness 0.8, needs 2.0"}, 4000, 0.8, {}};
    f.in.photos["intraoral-right"].long_side_px = 800;
    f.in.scans.erase("bite");
    f.in.scans["upper"].triangles = 900000;
    f.in.workflow_attachments_decision = "remove-all";
    f.in.case_status->open = false;
    const GateResult g = evaluate_gate(f.in);
    EXPECT_FALSE(g.passed);
    auto has = [&](const std::string& record, const std::string& status) {
        for (const auto& i : g.items) {
            if (i.record == record && i.status == status) return true;
        }
        return false;
    };
    EXPECT_TRUE(has("photo:intraoral-left", "missing"));
    EXPECT_TRUE(has("photo:extraoral-smile", "fail"));
    EXPECT_TRUE(has("photo:intraoral-right", "fail"));
    EXPECT_TRUE(has("scan:bite", "missing"));
    EXPECT_TRUE(has("scan:upper", "warn"));
    EXPECT_TRUE(has("rx:attachments", "fail"));
    EXPECT_TRUE(has("case", "fail"));
    EXPECT_EQ(g.blocking_count(), 7u) << to_json(g).dump(2);
}

// A scan taken with the attachments on fails while the decision removes them, and only then:
// its own verdict (here a warning) is what it stands at again under keep-all.
TEST(Gate, ScansTakenWithAttachmentsFailOnlyWhileTheyAreToBeRemoved) {
    GateFixture f;
    f.in.scans["upper"] = CapturedRecord{Verdict::warn, {"2 debris islands"}, {}, {}, 250000, true};
    f.in.scans["lower"].taken_with_attachments = false;  // taken after a removal decision
    auto items_for = [](const GateResult& g, const std::string& record) {
        std::vector<GateItem> out;
        for (const auto& i : g.items)
            if (i.record == record) out.push_back(i);
        return out;
    };
    f.rx.attachments.decision = "keep-all";
    GateResult kept = evaluate_gate(f.in);
    ASSERT_EQ(items_for(kept, "scan:upper").size(), 1u) << to_json(kept).dump(2);
    EXPECT_EQ(items_for(kept, "scan:upper")[0].status, "warn");
    EXPECT_EQ(items_for(kept, "scan:upper")[0].message, "2 debris islands");

    f.rx.attachments.decision = "remove-some";
    GateResult removing = evaluate_gate(f.in);
    auto upper = items_for(removing, "scan:upper");
    ASSERT_EQ(upper.size(), 1u) << to_json(removing).dump(2);
    EXPECT_EQ(upper[0].status, "fail");
    EXPECT_EQ(upper[0].message, "2 debris islands; " + std::string(kTakenBeforeRemoval));
    EXPECT_TRUE(items_for(removing, "scan:lower").empty()) << to_json(removing).dump(2);

    // The rule itself: idempotent, and the record it was given is untouched.
    CapturedRecord own{Verdict::pass, {}, {}, {}, 1000, true};
    CapturedRecord twice = scan_standing(scan_standing(own, "remove-all"), "remove-all");
    EXPECT_EQ(twice.verdict, Verdict::fail);
    EXPECT_EQ(twice.reasons, std::vector<std::string>{std::string(kTakenBeforeRemoval)});
    EXPECT_EQ(scan_standing(own, "keep-all").verdict, Verdict::pass);
    EXPECT_EQ(own.verdict, Verdict::pass);
    EXPECT_FALSE(removes_attachments("keep-all"));
    EXPECT_TRUE(removes_attachments("remove-all"));
}

TEST_F(TempStore, OnlyAClinicianOverridesWithAWrittenReason) {
    GateFixture f;
    f.in.scans.erase("bite");
    const GateResult g = evaluate_gate(f.in);
    ASSERT_FALSE(g.may_submit());
    AuditLog log(*store_);
    auto by_assistant = override_gate(g, kAssistant, "bite scan failed twice, lab has it", &log);
    ASSERT_FALSE(by_assistant);
    EXPECT_EQ(by_assistant.error().code, Errc::access_denied);
    EXPECT_FALSE(override_gate(g, kClinician, "   ok   ", &log));
    auto over = override_gate(g, kClinician, "bite registration sent by post", &log);
    ASSERT_TRUE(over);
    EXPECT_TRUE(over->may_submit());
    EXPECT_FALSE(over->passed);
    auto rows = store_->audit_rows();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].action, "access.denied") << "the assistant's attempt is on record";
    EXPECT_EQ((*rows)[0].actor, "amy");
    EXPECT_EQ((*rows)[0].subject, "gate.override");
    EXPECT_EQ((*rows)[1].action, "gate.override");
    EXPECT_EQ((*rows)[1].actor, "dr-lee");
    EXPECT_NE((*rows)[1].detail.find("bite registration sent by post"), std::string::npos);
    Workflow wf("DEMO-1");
    ASSERT_TRUE(wf.complete(Step::attachments, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::capture, kAssistant, {}));
    ASSERT_TRUE(wf.complete(Step::submission, kAssistant, {}));
    ASSERT_TRUE(wf.complete(Step::prescription, kClinician, {{"decision", "keep-all"}}));
    ASSERT_TRUE(wf.complete(Step::instructions, kClinician, {}));
    EXPECT_TRUE(wf.sign_off(kClinician, *over));
}

TEST(Handout, NightOnlyUntilTheNewAlignersArrive) {
    HandoutInfo info{
        "Alex <Demo>", "Demo Dental", "01234 567890", *CivilDate::parse("2026-11-23"), 12,
        std::nullopt};
    const std::string text = handout_text(info);
    EXPECT_NE(text.find("From tonight, wear aligner number 12 at NIGHT ONLY"), std::string::npos)
        << text;
    EXPECT_NE(text.find("20+ hours a day"), std::string::npos);
    EXPECT_NE(text.find("23 November 2026"), std::string::npos);
    const std::string html = handout_html(info);
    EXPECT_NE(html.find("Alex &lt;Demo&gt;"), std::string::npos);
    EXPECT_EQ(html.find("<Demo>"), std::string::npos);
    EXPECT_NE(html.find("<strong>NIGHT ONLY</strong>"), std::string::npos);
    EXPECT_NE(html.find("@page"), std::string::npos);
}

TEST(Demo, BundledAndGeneratedCasesAreOpenOnAnyDay) {
    auto bundled = load_case_file(demo_case_path(INTAKE_RULES_DIR).string());
    ASSERT_TRUE(bundled) << bundled.error().message;
    const CivilDate today = CivilDate::today();
    for (int64_t offset : {0, 1, 365, 3650}) {
        const CivilDate day = today.add_days(offset);
        EXPECT_TRUE(evaluate_case(*bundled, day).open) << day.to_string();
        auto generated = parse_case_json(demo_case_json(today), "demo");
        ASSERT_TRUE(generated) << generated.error().message;
        EXPECT_TRUE(evaluate_case(*generated, day).can_submit_refinement) << day.to_string();
    }
    auto rx = parse_prescription_json(demo_rx_json(), "demo-rx");
    ASSERT_TRUE(rx);
    EXPECT_EQ(
        render_prescription(*rx),
        render_prescription(*load_prescription_file(demo_rx_path(INTAKE_RULES_DIR).string())));
}

}  // namespace
}  // namespace intake::record

namespace intake::record {
namespace {

TEST_F(TempStore, SubmissionIsStoredOnlyWhenGatedAndSignedOff) {
    GateFixture f;
    AuditLog log(*store_);
    RefinementSubmission s;
    s.case_id = "DEMO-1";
    s.rx = f.rx;
    s.photos["intraoral-left"] = {"photos/left.png", std::string(64, 'a'), Verdict::pass};
    s.scans["upper"] = {"scans/upper.obj", std::string(64, 'b'), Verdict::pass};
    s.gate = evaluate_gate(f.in);
    ASSERT_TRUE(s.gate.passed);
    auto unsigned_submission = record_submission(*store_, log, kClinician, s);
    ASSERT_FALSE(unsigned_submission);
    EXPECT_EQ(unsigned_submission.error().code, Errc::conflict);
    s.signed_off_by = "dr-lee";
    auto id = record_submission(*store_, log, kClinician, s);
    ASSERT_TRUE(id) << id.error().message;
    const auto j = to_json(s);
    EXPECT_EQ(j["attachments"], "Keep all existing attachments");
    EXPECT_EQ(j["rules_version"], "2026.1");
    EXPECT_EQ(j["scans"]["upper"]["verdict"], "pass");
    f.in.scans.erase("bite");
    s.gate = evaluate_gate(f.in);
    EXPECT_FALSE(record_submission(*store_, log, kClinician, s));
    auto rows = store_->audit_rows();
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].action, "submission.record");
    EXPECT_TRUE(log.verify()->ok);
}

}  // namespace
}  // namespace intake::record
