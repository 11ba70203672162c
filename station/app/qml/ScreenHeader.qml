import QtQuick
import QtQuick.Layouts

// Title bar: screen title, who is signed in, and the case in hand.
Rectangle {
    property string title
    property string subtitle
    property var backend
    Layout.fillWidth: true
    implicitHeight: 84
    color: Theme.accent
    RowLayout {
        anchors.fill: parent; anchors.leftMargin: 24; anchors.rightMargin: 24
        Column {
            Layout.fillWidth: true
            Text { text: title; color: "white"; font.pixelSize: Theme.fontTitle; font.bold: true }
            Text { text: subtitle; color: "#dbe7f7"; font.pixelSize: Theme.fontSmall; visible: subtitle !== "" }
        }
        Text {
            text: backend && backend.session.signedIn
                  ? backend.session.userName + " · " + backend.session.role : ""
            color: "white"; font.pixelSize: Theme.fontBody
        }
    }
}
