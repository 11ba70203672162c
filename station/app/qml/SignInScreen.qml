import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// PIN sign-in by user id. Wrong PINs count down to a lockout that the store keeps per user (the
// screen only shows it; another user may still sign in meanwhile).
Rectangle {
    id: screen
    property var backend
    color: Theme.background
    readonly property bool userLocked: backend ? backend.session.lockedOut
                                                 && backend.session.lockedUser === userId.text.trim() : false
    // A new sign-in starts with an empty id, never the previous user's.
    onVisibleChanged: if (visible) userId.text = ""

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 24
        width: 560
        Text { Layout.alignment: Qt.AlignHCenter; text: "Intake Station"; font.pixelSize: 44; font.bold: true; color: Theme.ink }
        Text { Layout.alignment: Qt.AlignHCenter; text: backend ? backend.practiceName : ""; font.pixelSize: Theme.fontBody; color: Theme.muted }
        TextField {
            id: userId
            objectName: "signInUser"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 420
            implicitHeight: Theme.touch
            font.pixelSize: Theme.fontBody
            horizontalAlignment: Text.AlignHCenter
            placeholderText: "Your user id"
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
        }
        PinPad {
            id: pad
            objectName: "signInPad"
            Layout.alignment: Qt.AlignHCenter
            enabledPad: backend && !backend.session.busy && !screen.userLocked
            onEntered: function(pin) { backend.session.signIn(userId.text, pin) }
        }
        Text {
            objectName: "signInMessage"
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: 560
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            color: screen.userLocked ? Theme.fail : Theme.ink
            text: !backend ? "" : screen.userLocked
                  ? "Locked after too many wrong PINs. Try again in " + backend.session.lockoutRemaining + " s."
                  : backend.session.message
        }
    }
}
