// The clinician's full prescription on the kiosk, on the real backend: removing some attachments
// takes the teeth tapped, a reason the clinician types and their confirmation (never filled in),
// fails scans taken before for a rescan (their own verdict kept beside) and warns on the scans
// step; instructions take a contact for IPR (a non-adjacent one is refused, naming it), an
// elastic's two teeth and class, a range with degrees and a note. Screenshots rx-attachments,
// rx-instructions, rx-rescan-marked. The aligner worn now per arch goes to the lab text.
#include <QQuickItem>
#include <QVariantList>

#include "app_context.h"
#include "backend.h"
#include "prescription_adapter.h"
#include "refinement_fixture.h"
#include "station/record/submission_gate.h"
#include "submission_builder.h"

namespace intake::app::test {
namespace {

QString text_of(QObject* adapter, const char* property) {
    return adapter->property(property).toString();
}

// The verdict the scans step lists for an arch ("" when none was taken).
QString listed_verdict(Kiosk& kiosk, const QString& arch) {
    for (const auto& row : kiosk.adapter("scans")->property("archs").toList())
        if (row.toMap()["arch"].toString() == arch) return row.toMap()["verdict"].toString();
    return "missing " + arch;
}

// The gate's item for a record, as the review step evaluates it from the draft.
intake::record::GateItem gate_item(AppContext& ctx, const std::string& record) {
    const Checklist list = evaluate_checklist(snapshot(ctx));
    for (const auto& item : list.gate.items)
        if (item.record == record) return item;
    std::string rows;
    for (const auto& row : list.rows)
        rows += row.toMap()["item"].toString().toStdString() + ": " +
                row.toMap()["reason"].toString().toStdString() + "; ";
    return {record, "none", list.summary.toStdString() + " " + rows};
}

void choose_movement(Kiosk& kiosk, QObject* rx, const QString& id) {
    const int index = rx->property("movements").toStringList().indexOf(id);
    ASSERT_GE(index, 0) << id.toStdString();
    kiosk.item("movement")->setProperty("currentIndex", index);
    kiosk.settle();
}

// Step 1 on the screen: remove the attachments of the 13 and 23, for a reason typed here.
void remove_some_attachments(Kiosk& kiosk, QObject* rx, AppContext& ctx) {
    kiosk.wizard_page("attachments");
    kiosk.click("removeChoice");
    EXPECT_FALSE(rx->property("keepAllAttachments").toBool());
    // The scan taken with the attachments on is failed, saying why; its own verdict is kept.
    EXPECT_EQ(listed_verdict(kiosk, "upper"), "fail");
    EXPECT_EQ(ctx.draft().scans.at("upper").verdict, "pass");
    EXPECT_TRUE(ctx.draft().scans.at("upper").taken_with_attachments);
    // Nothing is filled in for the clinician: the core asks for a reason and a confirmation.
    EXPECT_TRUE(text_of(rx, "attachmentsReason").isEmpty());
    EXPECT_TRUE(text_of(rx, "message").contains("attachments.reason"))
        << text_of(rx, "message").toStdString();
    EXPECT_TRUE(text_of(rx, "message").contains("attachments.confirmed"));
    kiosk.click("tooth_13");
    kiosk.click("tooth_23");
    EXPECT_EQ(text_of(rx, "attachmentsTeeth"), "13, 23");
    kiosk.item("attachmentsReason")
        ->setProperty("text", "Canine attachments are no longer needed.");
    kiosk.click("attachmentsConfirm");
    kiosk.settle();
    EXPECT_TRUE(rx->property("attachmentsConfirmed").toBool());
    EXPECT_FALSE(text_of(rx, "message").contains("attachments."))
        << text_of(rx, "message").toStdString();
    EXPECT_TRUE(text_of(rx, "labText").contains("Canine attachments are no longer needed."))
        << text_of(rx, "labText").toStdString();
    kiosk.screenshot("rx-attachments");
}

TEST_F(RefinementTest, FullPrescriptionWithAttachmentRemovalIprAndElastics) {
    Kiosk kiosk(config("rx-entry"));
    sign_in(kiosk, "clinician", "2222");
    open_demo_case(kiosk);
    AppContext& ctx = kiosk.backend()->context();
    ctx.draft().scans["upper"].verdict = "pass";  // an arch scanned before the decision
    QObject* rx = kiosk.adapter("prescription");
    remove_some_attachments(kiosk, rx, ctx);
    ASSERT_FALSE(HasFatalFailure());
    kiosk.wizard_page("scans");
    QQuickItem* banner = kiosk.item("removeAttachmentsFirst");
    ASSERT_NE(banner, nullptr);
    EXPECT_TRUE(banner->isVisible());

    kiosk.wizard_page("instructions");
    // IPR by contact: two taps make "33/34", 0.2 mm.
    choose_movement(kiosk, rx, "ipr");
    kiosk.click("tooth_33");
    kiosk.click("tooth_34");
    EXPECT_EQ(kiosk.item("instructionTeeth")->property("text").toString(), "33/34");
    kiosk.item("amount")->setProperty("value", 2);
    kiosk.click("addInstruction");
    EXPECT_TRUE(text_of(rx, "labText").contains("IPR 0.2 mm between 33 and 34"))
        << text_of(rx, "labText").toStdString();
    // A contact across the arch is refused, naming it, and nothing is added.
    kiosk.item("instructionTeeth")->setProperty("text", "13/23");
    kiosk.click("addInstruction");
    EXPECT_EQ(rx->property("instructions").toList().size(), 1);
    EXPECT_TRUE(text_of(rx, "message").contains("13")) << text_of(rx, "message").toStdString();
    EXPECT_TRUE(text_of(rx, "message").contains("not adjacent"));
    // An elastic: the two taps are its ends, then the class.
    choose_movement(kiosk, rx, "elastic");
    kiosk.click("tooth_13");
    kiosk.click("tooth_46");
    EXPECT_EQ(kiosk.item("elasticFrom")->property("text").toString(), "13");
    EXPECT_EQ(kiosk.item("elasticTo")->property("text").toString(), "46");
    kiosk.item("elasticClass")->setProperty("currentIndex", 1);
    kiosk.click("addInstruction");
    EXPECT_TRUE(text_of(rx, "labText").contains("Class II elastic"))
        << text_of(rx, "labText").toStdString();
    // A range in degrees, with a note.
    choose_movement(kiosk, rx, "rotate-mesial");
    kiosk.item("instructionTeeth")->setProperty("text", "lower 3-3");
    kiosk.item("amount")->setProperty("value", 10);
    kiosk.item("instructionNote")->setProperty("text", "to level the incisal edges");
    kiosk.click("addInstruction");
    const QVariantList list = rx->property("instructions").toList();
    ASSERT_EQ(list.size(), 3);
    EXPECT_EQ(list[2].toMap()["unit"].toString(), "°");
    EXPECT_EQ(list[2].toMap()["amount"].toDouble(), 10.0);
    EXPECT_TRUE(text_of(rx, "labText").contains("to level the incisal edges"))
        << text_of(rx, "labText").toStdString();
    kiosk.settle();
    kiosk.screenshot("rx-instructions");
    // The aligner worn now, as the lab form asks: both arches are treated, so both are needed.
    kiosk.wizard_page("prescription");
    kiosk.item("alignerNowUpper")->setProperty("value", 14);
    kiosk.settle();
    EXPECT_EQ(ctx.draft().aligner_now_upper, 14);
    EXPECT_TRUE(text_of(rx, "message").contains("current_aligner.lower"))
        << text_of(rx, "message").toStdString();
    kiosk.item("alignerNowLower")->setProperty("value", 12);
    kiosk.settle();
    EXPECT_FALSE(text_of(rx, "message").contains("current_aligner"))
        << text_of(rx, "message").toStdString();
    EXPECT_TRUE(text_of(rx, "labText").contains("Aligner worn now: upper 14, lower 12"))
        << text_of(rx, "labText").toStdString();
    // What the package will carry: the same instructions in the rx the core checks.
    ASSERT_EQ(ctx.draft().instructions.size(), 3u);
    EXPECT_EQ(ctx.draft().instructions[0].teeth, "33/34");
    EXPECT_EQ(ctx.draft().instructions[1].elastic_class, "II");
    const auto built = build_prescription(ctx);
    ASSERT_TRUE(built.current_aligner.has_value());
    EXPECT_EQ(built.current_aligner->upper, 14);
    EXPECT_EQ(built.current_aligner->lower, 12);
}

// Scans taken with the attachments on fail while the decision removes them, and stand at their
// own QA verdict again when the clinician goes back to keep-all, also after a restart; a scan
// taken after the removal decision is judged on its own.
TEST_F(RefinementTest, KeepAllAgainRestoresTheScansOwnVerdictsAcrossARestart) {
    AppConfig c = config("rx-rescan");
    QString own_upper;
    {
        Kiosk kiosk(c);
        sign_in(kiosk, "clinician", "2222");
        open_demo_case(kiosk);
        AppContext& ctx = kiosk.backend()->context();
        kiosk.wizard_page("scans");
        scan_arch(kiosk, "upper");
        ASSERT_FALSE(HasFatalFailure());
        own_upper = ctx.draft().scans.at("upper").verdict;
        ASSERT_NE(own_upper, "fail") << "the bundled arch passes its QA";
        QObject* scans = kiosk.adapter("scans");
        EXPECT_EQ(scans->property("verdict").toString(), own_upper);

        kiosk.wizard_page("attachments");
        kiosk.click("removeChoice");
        kiosk.item("attachmentsReason")->setProperty("text", "Only minor movements remain.");
        kiosk.click("attachmentsConfirm");
        kiosk.settle();
        EXPECT_EQ(listed_verdict(kiosk, "upper"), "fail");
        EXPECT_EQ(scans->property("verdict").toString(), "fail");
        const std::string why(intake::record::kTakenBeforeRemoval);
        EXPECT_TRUE(scans->property("reasons").toString().contains(QString::fromStdString(why)))
            << scans->property("reasons").toString().toStdString();
        EXPECT_EQ(ctx.draft().scans.at("upper").verdict, own_upper);  // kept beside the mark
        const auto item = gate_item(ctx, "scan:upper");
        EXPECT_EQ(item.status, "fail");
        EXPECT_NE(item.message.find(why), std::string::npos) << item.message;
        EXPECT_EQ(gate_item(ctx, "scan:lower").status, "missing");  // not taken yet

        // Taken after the decision: its own verdict, whatever the decision does next.
        kiosk.wizard_page("scans");
        scan_arch(kiosk, "lower");
        ASSERT_FALSE(HasFatalFailure());
        EXPECT_FALSE(ctx.draft().scans.at("lower").taken_with_attachments);
        EXPECT_EQ(listed_verdict(kiosk, "lower"), ctx.draft().scans.at("lower").verdict);
        EXPECT_NE(listed_verdict(kiosk, "lower"), "fail");
        kiosk.screenshot("rx-rescan-marked");
    }  // the kiosk stops; the draft is in the store

    Kiosk again(c);
    sign_in(again, "clinician", "2222");
    open_demo_case(again);
    AppContext& ctx = again.backend()->context();
    ASSERT_EQ(ctx.draft().scans.count("upper"), 1u);
    EXPECT_FALSE(ctx.draft().keep_all_attachments);
    EXPECT_EQ(ctx.draft().scans.at("upper").verdict, own_upper);
    EXPECT_TRUE(ctx.draft().scans.at("upper").taken_with_attachments);
    EXPECT_EQ(listed_verdict(again, "upper"), "fail");
    again.wizard_page("attachments");
    again.click("keepAllChoice");
    EXPECT_TRUE(ctx.draft().keep_all_attachments);
    EXPECT_EQ(listed_verdict(again, "upper"), own_upper);
    EXPECT_EQ(listed_verdict(again, "lower"), ctx.draft().scans.at("lower").verdict);
    EXPECT_NE(gate_item(ctx, "scan:upper").status, "fail");
    // And back to removal: the upper arch is failed again, the lower one is not.
    again.click("removeChoice");
    EXPECT_EQ(listed_verdict(again, "upper"), "fail");
    EXPECT_NE(listed_verdict(again, "lower"), "fail");
}

}  // namespace
}  // namespace intake::app::test
