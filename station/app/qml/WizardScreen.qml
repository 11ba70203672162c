import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The refinement appointment in the seed's six steps. The step bar is also navigation: any
// step can be revisited; the review step is where the gate decides.
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
    function goTo(key) {
        for (var i = 0; i < pages.length; ++i) if (pages[i].key === key) page = i
    }

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
                    text: modelData.step + " " + modelData.title
                    implicitWidth: (screen.width - 24 - 6 * 8) / 7
                    implicitHeight: 64
                    font.pixelSize: Theme.fontSmall
                    primary: index === screen.page
                    onClicked: screen.page = index
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
                Item { Layout.fillWidth: true }
                BigButton { objectName: "wizardBack"; text: "Back"; enabled: screen.page > 0; onClicked: screen.page-- }
                BigButton {
                    objectName: "wizardNext"
                    text: screen.page === screen.pages.length - 1 ? "Done" : "Next"
                    primary: true
                    onClicked: screen.page === screen.pages.length - 1 ? screen.finished() : screen.page++
                }
            }
        }
    }
}
