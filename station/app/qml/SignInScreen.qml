import QtQuick
import QtQuick.Layouts

// PIN sign-in: choose the role, type the PIN. Wrong PINs count down to a lockout that the
// session adapter enforces (the screen only shows it).
Rectangle {
    id: screen
    property var backend
    color: Theme.background
    property string role: "assistant"

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 24
        width: 560
        Text { Layout.alignment: Qt.AlignHCenter; text: "Intake Station"; font.pixelSize: 44; font.bold: true; color: Theme.ink }
        Text { Layout.alignment: Qt.AlignHCenter; text: backend ? backend.practiceName : ""; font.pixelSize: Theme.fontBody; color: Theme.muted }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: Theme.gap
            BigButton { objectName: "roleAssistant"; text: "Assistant"
                        primary: screen.role === "assistant"; implicitWidth: 230; onClicked: screen.role = "assistant" }
            BigButton { objectName: "roleClinician"; text: "Clinician"
                        primary: screen.role === "clinician"; implicitWidth: 230; onClicked: screen.role = "clinician" }
        }
        PinPad {
            id: pad
            objectName: "signInPad"
            Layout.alignment: Qt.AlignHCenter
            enabledPad: backend && !backend.session.lockedOut
            onEntered: function(pin) { backend.session.signIn(screen.role, pin) }
        }
        Text {
            objectName: "signInMessage"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 560
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            color: backend && backend.session.lockedOut ? Theme.fail : Theme.ink
            text: !backend ? "" : backend.session.lockedOut
                  ? "Locked after too many wrong PINs. Try again in " + backend.session.lockoutRemaining + " s."
                  : backend.session.message
        }
    }
}
