import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Step 6: what the patient takes home — night-only wear until the new aligners arrive. The text
// is the core's (station/record handout_text) and can be edited before printing.
Item {
    property var backend
    readonly property var handout: backend ? backend.handout : null
    RowLayout {
        anchors.fill: parent; anchors.topMargin: 18; anchors.bottomMargin: 12
        spacing: 24
        Rectangle {
            Layout.preferredWidth: 820; Layout.fillHeight: true; color: "white"; border.color: Theme.line
            ScrollView {
                anchors.fill: parent; anchors.margins: 28
                TextArea { objectName: "handoutText"; width: 760; text: handout ? handout.text : ""; textFormat: TextEdit.PlainText
                           wrapMode: TextEdit.Wrap; font.pixelSize: Theme.fontBody; color: Theme.ink
                           background: null
                           onTextChanged: if (handout && handout.text !== text) handout.text = text }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true; Layout.alignment: Qt.AlignTop
            spacing: Theme.gap
            Text { text: "Patient hand-out"; font.pixelSize: 30; font.bold: true; color: Theme.ink }
            Text { text: "Edit the text on the left before printing if needed."; Layout.fillWidth: true
                   wrapMode: Text.WordWrap; font.pixelSize: Theme.fontSmall; color: Theme.muted }
            BigButton { objectName: "printHandout"; text: "Print hand-out"; primary: true; onClicked: handout.print() }
            Text { objectName: "handoutMessage"; Layout.fillWidth: true; wrapMode: Text.WrapAnywhere
                   text: handout ? handout.message : ""; font.pixelSize: Theme.fontSmall; color: Theme.ink }
        }
    }
}
