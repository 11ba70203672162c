import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Steps 3–4: the refinement prescription under the patient's existing case, "Additional aligners",
// with "Keep all existing attachments" carried over from step 1.
Item {
    property var backend
    readonly property var rx: backend ? backend.prescription : null
    ColumnLayout {
        anchors.fill: parent; anchors.topMargin: 24
        spacing: 18
        Text { text: "Prescription — " + (rx ? rx.submissionType : ""); font.pixelSize: 30; font.bold: true; color: Theme.ink }
        Text { text: backend ? "Submitted under the existing case " + backend.cases.currentCaseId + " of " + backend.cases.currentPatient : ""
               font.pixelSize: Theme.fontBody; color: Theme.muted }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 120; radius: Theme.radius
            color: rx && rx.keepAllAttachments ? "#e3efff" : "#fff3e0"; border.color: Theme.line
            RowLayout {
                anchors.fill: parent; anchors.margins: 20
                CheckBox {
                    id: keepAll
                    objectName: "keepAllAttachments"
                    checked: rx ? rx.keepAllAttachments : true
                    onToggled: rx.keepAllAttachments = checked
                    indicator.width: 48; indicator.height: 48
                }
                Column {
                    Layout.fillWidth: true
                    Text { text: "Keep all existing attachments"; font.pixelSize: 28; font.bold: true; color: Theme.ink }
                    Text { text: keepAll.checked ? "Very important when the attachments stay on: the lab keeps every attachment in the new design."
                                                 : "The lab will plan the new aligners without the current attachments."
                           font.pixelSize: Theme.fontSmall; color: Theme.ink; wrapMode: Text.WordWrap; width: parent.width }
                }
            }
        }
        RowLayout {
            spacing: Theme.gap
            Text { text: "Arches to treat"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            ComboBox { objectName: "treatArches"; implicitHeight: Theme.touch; Layout.preferredWidth: 240
                       font.pixelSize: Theme.fontBody; model: ["both", "upper", "lower"]
                       currentIndex: rx ? Math.max(0, model.indexOf(rx.treatArches)) : 0
                       onActivated: rx.treatArches = currentText }
        }
        // The lab form's "aligner the patient is wearing now", per arch (0: not given).
        RowLayout {
            spacing: Theme.gap
            Text { text: "Aligner worn now: upper"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            SpinBox { objectName: "alignerNowUpper"; implicitHeight: Theme.touch; from: 0; to: 99
                      font.pixelSize: Theme.fontBody; value: rx ? rx.alignerNowUpper : 0
                      onValueChanged: if (rx && rx.alignerNowUpper !== value) rx.alignerNowUpper = value }
            Text { text: "lower"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            SpinBox { objectName: "alignerNowLower"; implicitHeight: Theme.touch; from: 0; to: 99
                      font.pixelSize: Theme.fontBody; value: rx ? rx.alignerNowLower : 0
                      onValueChanged: if (rx && rx.alignerNowLower !== value) rx.alignerNowLower = value }
        }
        Text { text: "Wear until the new aligners arrive: the next aligner at night only."
               font.pixelSize: Theme.fontBody; color: Theme.ink }
        Text { text: rx ? rx.message : ""; font.pixelSize: Theme.fontSmall; color: Theme.fail }
        Item { Layout.fillHeight: true }
    }
}
