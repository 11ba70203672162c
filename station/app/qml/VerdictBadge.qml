import QtQuick

// pass / warn / fail pill with the human reason next to it.
Row {
    property string verdict: ""
    property string reason: ""
    spacing: 12
    Rectangle {
        width: label.implicitWidth + 28; height: 40; radius: 20
        color: Theme.verdictColor(verdict)
        visible: verdict !== ""
        Text { id: label; anchors.centerIn: parent; text: verdict.toUpperCase(); color: "white"
               font.pixelSize: Theme.fontSmall; font.bold: true }
    }
    Text {
        text: reason; color: Theme.ink; font.pixelSize: Theme.fontBody
        width: Math.max(0, (parent && parent.parent ? parent.parent.width : 600) - 160)
        wrapMode: Text.WordWrap; anchors.verticalCenter: parent.verticalCenter
    }
}
