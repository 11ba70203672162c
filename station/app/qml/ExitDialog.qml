import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Leaving kiosk mode needs a clinician PIN.
Popup {
    id: dialog
    property var backend
    property string message: "A clinician PIN is needed to leave the kiosk."
    signal confirmed()
    modal: true; focus: true
    anchors.centerIn: Overlay.overlay
    width: 560; height: 720
    closePolicy: Popup.CloseOnEscape
    background: Rectangle { radius: 16; color: Theme.panel; border.color: Theme.line }
    onOpened: message = "A clinician PIN is needed to leave the kiosk."
    ColumnLayout {
        anchors.fill: parent; anchors.margins: 20; spacing: 16
        Text { Layout.alignment: Qt.AlignHCenter; text: "Leave the kiosk"; font.pixelSize: 30; font.bold: true; color: Theme.ink }
        Text { objectName: "exitMessage"; Layout.fillWidth: true; horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
               text: dialog.message; font.pixelSize: Theme.fontBody; color: Theme.ink }
        PinPad {
            objectName: "exitPad"
            Layout.alignment: Qt.AlignHCenter
            onEntered: function(pin) {
                if (dialog.backend.session.verifyClinicianPin(pin)) { dialog.close(); dialog.confirmed() }
                else dialog.message = dialog.backend.session.message
            }
        }
        BigButton { Layout.alignment: Qt.AlignHCenter; text: "Cancel"; onClicked: dialog.close() }
    }
}
