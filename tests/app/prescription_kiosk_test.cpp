// The clinician's full prescription on the kiosk, on the real backend: removing some attachments
// takes the teeth tapped, a reason the clinician types and their confirmation (never filled in),
// marks scans taken before for a rescan and warns on the scans step; instructions take a contact
// for IPR (a non-adjacent one is refused, naming it), an elastic's two teeth and class, a range
// with degrees and a note. Screenshots rx-attachments, rx-instructions.
#include <QQuickItem>
#include <QVariantList>

#include "app_context.h"
#include "backend.h"
#include "refinement_fixture.h"

namespace intake::app::test {
namespace {

QString text_of(QObject* adapter, const char* property) {
    return adapter->property(property).toString();
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
    // The scan taken with the attachments on is failed, saying why.
    EXPECT_EQ(ctx.draft().scans.at("upper").verdict, "fail");
    EXPECT_TRUE(ctx.draft().scans.at("upper").reasons.contains("rescan"))
        << ctx.draft().scans.at("upper").reasons.toStdString();
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
    // What the package will carry: the same instructions in the rx the core checks.
    ASSERT_EQ(ctx.draft().instructions.size(), 3u);
    EXPECT_EQ(ctx.draft().instructions[0].teeth, "33/34");
    EXPECT_EQ(ctx.draft().instructions[1].elastic_class, "II");
}

}  // namespace
}  // namespace intake::app::test
