import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Step 1: keep the attachments. Preselected, with the seed's reasoning next to it. A removal is
// the clinician's decision: which attachments (tap teeth; none tapped = all of them), their own
// reason (never filled in for them) and an explicit confirmation.
Item {
    property var backend
    readonly property var rx: backend ? backend.prescription : null
    ColumnLayout {
        anchors.fill: parent; anchors.topMargin: 24
        spacing: 20
        Text { text: "Do the attachments stay on for this refinement?"; font.pixelSize: 30; font.bold: true; color: Theme.ink }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: keepCol.implicitHeight + 40; radius: Theme.radius
            color: backend && backend.prescription.keepAllAttachments ? "#e3efff" : Theme.panel
            border.color: backend && backend.prescription.keepAllAttachments ? Theme.accent : Theme.line
            border.width: 3
            objectName: "keepAllChoice"
            ColumnLayout {
                id: keepCol
                anchors.left: parent.left; anchors.right: parent.right; anchors.top: parent.top; anchors.margins: 20
                Text { text: (backend && backend.prescription.keepAllAttachments ? "● " : "○ ") + "Keep all attachments (recommended)"
                       font.pixelSize: 28; font.bold: true; color: Theme.ink }
                Text {
                    Layout.fillWidth: true; wrapMode: Text.WordWrap; font.pixelSize: Theme.fontBody; color: Theme.ink
                    text: "In about 90% of first refinements all attachments stay on: the new aligners are made " +
                          "for the teeth as they are now, and the attachments keep giving them grip. If you are " +
                          "unsure, keep them on."
                }
            }
            MouseArea { anchors.fill: parent; onClicked: backend.prescription.keepAllAttachments = true }
        }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: removeCol.implicitHeight + 40; radius: Theme.radius
            color: backend && !backend.prescription.keepAllAttachments ? "#fff3e0" : Theme.panel
            border.color: backend && !backend.prescription.keepAllAttachments ? Theme.warn : Theme.line
            border.width: 3
            objectName: "removeChoice"
            ColumnLayout {
                id: removeCol
                anchors.left: parent.left; anchors.right: parent.right; anchors.top: parent.top; anchors.margins: 20
                Text { text: (backend && !backend.prescription.keepAllAttachments ? "● " : "○ ") + "Remove attachments"
                       font.pixelSize: 28; font.bold: true; color: Theme.ink }
                Text {
                    Layout.fillWidth: true; wrapMode: Text.WordWrap; font.pixelSize: Theme.fontBody; color: Theme.ink
                    text: "Only when the clinician decides that just minor tooth movements remain after the first set of aligners."
                }
            }
            MouseArea { anchors.fill: parent; onClicked: backend.prescription.keepAllAttachments = false }
        }
        ColumnLayout {
            visible: rx ? !rx.keepAllAttachments : false
            Layout.fillWidth: true; spacing: 10
            Text { text: "Tap the teeth whose attachments come off (none tapped: all of them)"
                   font.pixelSize: Theme.fontBody; color: Theme.ink }
            ToothChart {
                id: attachmentChart; objectName: "attachmentChart"; multi: true
                onSelectionChanged: if (rx) rx.attachmentsTeeth = selection.join(", ")
            }
            TextField {
                objectName: "attachmentsReason"; Layout.fillWidth: true; implicitHeight: Theme.touch
                font.pixelSize: Theme.fontBody
                placeholderText: "Your reason for removing them (required; the lab reads it)"
                text: rx ? rx.attachmentsReason : ""
                onTextChanged: if (rx && rx.attachmentsReason !== text) rx.attachmentsReason = text
            }
            CheckBox {
                objectName: "attachmentsConfirm"; font.pixelSize: Theme.fontBody
                text: "Yes: remove " + (rx && rx.attachmentsTeeth !== "" ? "the attachments on " + rx.attachmentsTeeth : "all attachments")
                checked: rx ? rx.attachmentsConfirmed : false
                onToggled: rx.attachmentsConfirmed = checked
            }
            Text { objectName: "attachmentsMessage"; Layout.fillWidth: true; wrapMode: Text.WordWrap
                   text: rx ? rx.message : ""; color: Theme.fail; font.pixelSize: Theme.fontSmall }
        }
        Item { Layout.fillHeight: true }
    }
}
