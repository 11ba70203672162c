import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Patient and case lookup: every case shows its lifecycle state and close date; only an open
// case can start a refinement.
Rectangle {
    id: screen
    property var backend
    signal startRefinement()
    signal openOutbox()
    signal openSettings()
    signal signOut()
    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScreenHeader { title: "Patients and cases"; subtitle: "Find the patient in the chair"; backend: screen.backend }
        RowLayout {
            Layout.margins: 24
            spacing: Theme.gap
            TextField {
                id: query
                objectName: "caseQuery"
                Layout.fillWidth: true
                implicitHeight: Theme.touch
                font.pixelSize: Theme.fontBody
                placeholderText: "Patient name or case number"
                onAccepted: backend.cases.search(text)
            }
            BigButton { objectName: "caseSearch"; text: "Search"; primary: true; onClicked: backend.cases.search(query.text) }
        }
        ListView {
            id: list
            objectName: "caseList"
            Layout.fillWidth: true; Layout.fillHeight: true
            Layout.leftMargin: 24; Layout.rightMargin: 24
            clip: true; spacing: 10
            model: backend ? backend.cases.results : []
            delegate: Rectangle {
                required property var modelData
                required property int index
                objectName: "caseRow_" + index
                width: list.width; height: 96; radius: Theme.radius
                color: backend.cases.currentCaseId === modelData.caseId ? "#e3efff" : Theme.panel
                border.color: Theme.line
                RowLayout {
                    anchors.fill: parent; anchors.margins: 16
                    Column {
                        Layout.fillWidth: true
                        Text { text: modelData.patientName; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
                        Text { text: "Case " + modelData.caseId + " · born " + modelData.birthDate
                               font.pixelSize: Theme.fontSmall; color: Theme.muted }
                    }
                    Rectangle {
                        width: 150; height: 44; radius: 22
                        color: modelData.open ? Theme.pass : Theme.muted
                        Text { anchors.centerIn: parent; text: modelData.state; color: "white"; font.pixelSize: Theme.fontSmall; font.bold: true }
                    }
                    Text { text: modelData.closeDate ? "closes " + modelData.closeDate : "no close date"
                           font.pixelSize: Theme.fontSmall; color: Theme.muted; Layout.preferredWidth: 200 }
                }
                MouseArea { anchors.fill: parent; onClicked: backend.cases.open(modelData.caseId) }
            }
            Text { anchors.centerIn: parent; visible: list.count === 0; text: backend ? backend.cases.message : ""
                   font.pixelSize: Theme.fontBody; color: Theme.muted }
        }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 110; color: Theme.panel
            RowLayout {
                anchors.fill: parent; anchors.margins: 20; spacing: Theme.gap
                BigButton { objectName: "signOut"; text: "Sign out"; onClicked: screen.signOut() }
                BigButton { objectName: "openOutbox"; text: "Outbox"; onClicked: screen.openOutbox() }
                BigButton { objectName: "openSettings"; text: "Settings"; onClicked: screen.openSettings()
                            enabled: backend && backend.session.role === "clinician" }
                Item { Layout.fillWidth: true }
                Text {
                    text: backend && backend.cases.currentCaseId !== ""
                          ? backend.cases.currentPatient + " — " + backend.cases.currentState : ""
                    font.pixelSize: Theme.fontBody; color: Theme.ink
                }
                BigButton {
                    objectName: "startRefinement"
                    text: "Start refinement"; primary: true
                    enabled: backend && backend.cases.currentCaseOpen
                    onClicked: screen.startRefinement()
                }
            }
        }
    }
}
