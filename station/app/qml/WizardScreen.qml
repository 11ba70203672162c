import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The refinement appointment in the seed's six steps, driven by station/record's Workflow
// (backend.workflow): Next completes the page's step through the workflow, which applies the
// role gates (the clinician decides attachments, prescription and instructions) and the order,
// and keeps the step in the store so a restart resumes here. The step bar shows each step's
// state and is also navigation: capture can go on while a clinician's step waits.
Rectangle {
    id: screen
    property var backend
    property int page: 0
    signal finished()
    signal cancelled()
    color: Theme.background
    readonly property var pages: [
        { key: "attachments", step: "1", title: "Attachments" },
        { key: "photos", step: "2", title: "Photos" },
        { key: "scans", step: "2", title: "Scans" },
        { key: "prescription", step: "3–4", title: "Prescription" },
        { key: "instructions", step: "5", title: "Instructions" },
        { key: "review", step: "5", title: "Review & submit" },
        { key: "handout", step: "6", title: "Hand-out" }
    ]
    readonly property var workflow: backend ? backend.workflow : null
    function goTo(key) {
        for (var i = 0; i < pages.length; ++i) if (pages[i].key === key) page = i
    }
    // Opens where the appointment stands: the page left last time, else the next step's page.
    function resume() {
        page = 0
        if (workflow && workflow.resumePage !== "") goTo(workflow.resumePage)
    }
    function stepState(key) {
        if (!workflow || !workflow.steps) return ""
        var n = workflow.stepOf(key)
        if (n < 1 || n > workflow.steps.length) return key === "review" && workflow.signedOff ? " ✔" : ""
        var s = workflow.steps[n - 1]
        if (s.done) return " ✔"
        return s.mayDo ? "" : " (clinician)"
    }
    // Next: the workflow completes this page's step first; a refusal stays here and says why.
    function advance() {
        if (workflow && !workflow.completePage(pages[page].key)) return
        if (page === pages.length - 1) finished(); else page++
    }
    onPageChanged: if (workflow && visible) workflow.setPage(pages[page].key)

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScreenHeader {
            backend: screen.backend
            title: "Refinement — step " + pages[page].step + ": " + pages[page].title
            subtitle: backend ? backend.cases.currentPatient + " · case " + backend.cases.currentCaseId
                                + " · additional aligners" : ""
        }
        Row {
            Layout.fillWidth: true; Layout.margins: 12
            spacing: 8
            Repeater {
                model: screen.pages
                BigButton {
                    objectName: "stepTab_" + modelData.key
                    text: modelData.step + " " + modelData.title + screen.stepState(modelData.key)
                    implicitWidth: (screen.width - 24 - 6 * 8) / 7
                    implicitHeight: 64
                    font.pixelSize: Theme.fontSmall
                    primary: index === screen.page
                    onClicked: screen.page = index
                }
            }
        }
        // Another station (a practice's other chair or desk) changed this case: it was reloaded
        // from the store, and this says what changed until the user has read it.
        Rectangle {
            objectName: "otherStationBanner"
            visible: screen.workflow !== null && screen.workflow.otherStation !== ""
            Layout.fillWidth: true; Layout.leftMargin: 24; Layout.rightMargin: 24
            implicitHeight: visible ? otherStationRow.implicitHeight + 24 : 0
            color: Theme.panel; border.color: Theme.warn; border.width: 2; radius: 6
            RowLayout {
                id: otherStationRow
                anchors.fill: parent; anchors.margins: 12; spacing: Theme.gap
                Text {
                    objectName: "otherStationText"
                    Layout.fillWidth: true; wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall; color: Theme.ink
                    text: screen.workflow ? screen.workflow.otherStation : ""
                }
                BigButton {
                    objectName: "otherStationDismiss"; text: "OK"
                    onClicked: screen.workflow.dismissOtherStation()
                }
            }
        }
        StackLayout {
            Layout.fillWidth: true; Layout.fillHeight: true
            Layout.leftMargin: 24; Layout.rightMargin: 24
            currentIndex: screen.page
            AttachmentsStep { backend: screen.backend }
            PhotosStep { backend: screen.backend; active: screen.page === 1 }
            ScansStep { backend: screen.backend }
            PrescriptionStep { backend: screen.backend }
            InstructionsStep { backend: screen.backend }
            ReviewStep { backend: screen.backend; active: screen.page === 5; onSubmitted: screen.page = 6 }
            HandoutStep { backend: screen.backend }
        }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 104; color: Theme.panel
            RowLayout {
                anchors.fill: parent; anchors.margins: 16; spacing: Theme.gap
                BigButton { objectName: "wizardExit"; text: "Back to cases"; onClicked: screen.cancelled() }
                Text {
                    objectName: "workflowMessage"
                    Layout.fillWidth: true; wrapMode: Text.WordWrap; maximumLineCount: 2; elide: Text.ElideRight
                    font.pixelSize: Theme.fontSmall; color: Theme.fail
                    text: screen.workflow ? screen.workflow.message : ""
                }
                BigButton { objectName: "wizardBack"; text: "Back"; enabled: screen.page > 0; onClicked: screen.page-- }
                BigButton {
                    objectName: "wizardNext"
                    text: screen.page === screen.pages.length - 1 ? "Done" : "Next"
                    primary: true
                    onClicked: screen.advance()
                }
            }
        }
    }
}
