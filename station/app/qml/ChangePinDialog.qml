import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// "Change my PIN", for everyone signed in: the old PIN (a wrong one counts towards the lockout,
// as at sign-in), then the new one twice. The core checks and audits it; argon2id runs off the
// GUI thread.
Popup {
    id: dialog
    property var backend
    readonly property var staff: backend ? backend.staff : null
    modal: true; focus: true
    anchors.centerIn: Overlay.overlay
    width: 760; height: 560
    closePolicy: Popup.CloseOnEscape
    background: Rectangle { radius: 16; color: Theme.panel; border.color: Theme.line }
    // The staff message is shown once this dialog asked something (not the Staff screen's last one).
    property bool asked: false
    onOpened: { oldPin.text = ""; newPin.text = ""; newAgain.text = ""; asked = false }
    Connections {
        target: dialog.staff
        enabled: dialog.opened
        function onDone(action) { if (action === "change-pin") dialog.close() }
    }
    component PinField: TextField { Layout.preferredWidth: 360; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                                    echoMode: TextInput.Password; inputMethodHints: Qt.ImhDigitsOnly
                                    validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ } }
    ColumnLayout {
        anchors.fill: parent; anchors.margins: 24; spacing: 16
        Text { text: "Change my PIN"; font.pixelSize: 30; font.bold: true; color: Theme.ink }
        GridLayout {
            columns: 2; columnSpacing: 20; rowSpacing: 12
            Text { text: "Current PIN"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            PinField { id: oldPin; objectName: "changePinOld" }
            Text { text: "New PIN (6–12 digits)"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            PinField { id: newPin; objectName: "changePinNew" }
            Text { text: "New PIN again"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            PinField { id: newAgain; objectName: "changePinAgain" }
        }
        Text { objectName: "changePinMessage"; Layout.fillWidth: true; wrapMode: Text.WordWrap
               text: dialog.asked && dialog.staff ? dialog.staff.message : ""
               font.pixelSize: Theme.fontBody; color: Theme.ink }
        Item { Layout.fillHeight: true }
        RowLayout {
            spacing: Theme.gap
            BigButton { objectName: "changePinCancel"; text: "Cancel"; onClicked: dialog.close() }
            Item { Layout.fillWidth: true }
            BigButton { objectName: "changePinSave"; text: "Change PIN"; primary: true
                        enabled: dialog.staff && !dialog.staff.busy
                        onClicked: { dialog.asked = true; dialog.staff.changeMyPin(oldPin.text, newPin.text, newAgain.text) } }
        }
    }
}
