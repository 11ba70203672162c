import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Patient and case lookup: every case in the station, newest first, searchable by patient name,
// chart, case or lab case number; each shows its lifecycle state, close date and any appointment
// left in progress. Only an open case can start (or resume) a refinement. The case in hand is
// shown beside the list (CaseDetail.qml); a clinician or admin adds patients and cases
// (CaseEditor.qml).
Rectangle {
    id: screen
    property var backend
    signal startRefinement()
    signal openOutbox()
    signal openSettings()
    signal openStaff()
    signal signOut()
    color: Theme.background
    // The list is there as soon as the screen is: no search needed to see today's patients.
    // A sign-out (the idle one too) never leaves the PIN dialog open over the sign-in.
    onVisibleChanged: { if (visible && backend) backend.cases.search(query.text); if (!visible) changePin.close() }

    ChangePinDialog { id: changePin; objectName: "changePinDialog"; backend: screen.backend }

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
                placeholderText: "Patient name, chart or case number"
                onAccepted: backend.cases.search(text)
                onTextEdited: backend.cases.search(text)
            }
            BigButton { objectName: "caseSearch"; text: "Search"; primary: true; onClicked: backend.cases.search(query.text) }
        }
        RowLayout {
        Layout.fillWidth: true; Layout.fillHeight: true
        Layout.leftMargin: 24; Layout.rightMargin: 24; Layout.bottomMargin: 12
        spacing: Theme.gap
        ListView {
            id: list
            objectName: "caseList"
            Layout.fillWidth: true; Layout.fillHeight: true
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
                        Text { width: parent.width; elide: Text.ElideRight; text: modelData.patientName; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
                        Text { width: parent.width; elide: Text.ElideRight
                               text: "Case " + modelData.caseId + (modelData.labCaseId ? " · lab " + modelData.labCaseId : "")
                                     + (modelData.chartId ? " · chart " + modelData.chartId : "")
                                     + (modelData.birthDate ? " · born " + modelData.birthDate : "")
                               font.pixelSize: Theme.fontSmall; color: Theme.muted }
                        Text { text: modelData.inProgress || ""; visible: text !== ""
                               objectName: "caseProgress_" + index
                               font.pixelSize: Theme.fontSmall; font.bold: true; color: Theme.accent }
                    }
                    Rectangle {
                        width: 150; height: 44; radius: 22
                        color: modelData.open ? Theme.pass : Theme.muted
                        Text { anchors.centerIn: parent; text: modelData.state; color: "white"; font.pixelSize: Theme.fontSmall; font.bold: true }
                    }
                    Text { text: (modelData.closeDate ? "closes " + modelData.closeDate : "no close date")
                                 + (modelData.daysLeft ? "\n" + modelData.daysLeft + " days left" : "")
                           font.pixelSize: Theme.fontSmall; color: Theme.muted; Layout.preferredWidth: 260 }
                }
                MouseArea { anchors.fill: parent; onClicked: backend.cases.open(modelData.caseId) }
            }
            Text { anchors.centerIn: parent; visible: list.count === 0; text: backend ? backend.cases.message : ""
                   font.pixelSize: Theme.fontBody; color: Theme.muted }
            footer: Text { objectName: "caseListNote"; visible: list.count > 0 && text !== ""; height: visible ? 48 : 0
                           text: backend ? backend.cases.message : ""; verticalAlignment: Text.AlignVCenter
                           font.pixelSize: Theme.fontSmall; color: Theme.muted }
        }
        CaseDetail {
            objectName: "caseDetail"
            backend: screen.backend
            visible: backend && backend.cases.currentCaseId !== ""
            Layout.preferredWidth: parent.width * 0.52; Layout.fillHeight: true
        }
        }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 110; color: Theme.panel
            RowLayout {
                anchors.fill: parent; anchors.margins: 20; spacing: Theme.gap
                BigButton { objectName: "signOut"; text: "Sign out"; onClicked: screen.signOut() }
                BigButton { objectName: "openOutbox"; text: "Outbox"; onClicked: screen.openOutbox() }
                BigButton { objectName: "openSettings"; text: "Settings"; onClicked: screen.openSettings()
                            enabled: backend && backend.staff.mayManage }
                BigButton { objectName: "openStaff"; text: "Staff"; onClicked: screen.openStaff()
                            enabled: backend && backend.staff.mayManage }
                BigButton { objectName: "openChangePin"; text: "Change my PIN"; onClicked: changePin.open() }
                BigButton { objectName: "newCase"; text: "New patient / case"; onClicked: editor.visible = true
                            enabled: backend && backend.cases.canEdit }
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
    CaseEditor {
        id: editor
        objectName: "caseEditor"
        anchors.fill: parent
        backend: screen.backend
        visible: false
        onDone: { visible = false; backend.cases.search(query.text) }
    }
}
