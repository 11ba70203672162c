import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Leaving kiosk mode needs a clinician's (or an admin's) id and PIN, checked off the GUI thread.
Popup {
    id: dialog
    property var backend
    readonly property string prompt: "A clinician's user id and PIN are needed to leave the kiosk."
    property string message: prompt
    signal confirmed()
    modal: true; focus: true
    anchors.centerIn: Overlay.overlay
    width: 560; height: 820
    closePolicy: Popup.CloseOnEscape
    background: Rectangle { radius: 16; color: Theme.panel; border.color: Theme.line }
    onOpened: { message = prompt; exitUser.text = "" }
    Connections {
        target: dialog.backend ? dialog.backend.session : null
        enabled: dialog.opened
        function onLeaveAnswered(ok) {
            if (ok) { dialog.close(); dialog.confirmed() }
            else dialog.message = dialog.backend.session.message
        }
    }
    ColumnLayout {
        anchors.fill: parent; anchors.margins: 20; spacing: 16
        Text { Layout.alignment: Qt.AlignHCenter; text: "Leave the kiosk"; font.pixelSize: 30; font.bold: true; color: Theme.ink }
        Text { objectName: "exitMessage"; Layout.fillWidth: true; horizontalAlignment: Text.AlignHCenter; wrapMode: Text.WordWrap
               text: dialog.message; font.pixelSize: Theme.fontBody; color: Theme.ink }
        TextField { id: exitUser; objectName: "exitUser"; Layout.alignment: Qt.AlignHCenter; Layout.preferredWidth: 400
                    implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody; placeholderText: "Clinician's user id" }
        PinPad {
            objectName: "exitPad"
            Layout.alignment: Qt.AlignHCenter
            enabledPad: dialog.backend && !dialog.backend.session.busy
            onEntered: function(pin) { dialog.message = "Checking…"; dialog.backend.session.verifyLeave(exitUser.text, pin) }
        }
        BigButton { Layout.alignment: Qt.AlignHCenter; text: "Cancel"; onClicked: dialog.close() }
    }
}
