import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Step 5: movement instructions. Structured entry on the FDI chart, free text, and the text the
// lab will receive, rendered live from both.
Item {
    id: step
    property var backend
    readonly property var rx: backend ? backend.prescription : null
    RowLayout {
        anchors.fill: parent; anchors.topMargin: 12; anchors.bottomMargin: 12
        spacing: 24
        ColumnLayout {
            Layout.fillWidth: true; Layout.fillHeight: true
            spacing: 12
            ToothChart { id: chart; objectName: "toothChart"; marked: rx ? rx.markedTeeth : [] }
            RowLayout {
                spacing: Theme.gap
                ComboBox { id: movement; objectName: "movement"; implicitHeight: Theme.touch; Layout.preferredWidth: 360
                           font.pixelSize: Theme.fontBody; model: rx ? rx.movements : [] }
                SpinBox { id: amount; objectName: "amount"; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                          from: 0; to: 50; value: 5; stepSize: 1
                          textFromValue: function(v) { return (v / 10).toFixed(1) + " mm" }
                          valueFromText: function(t) { return Math.round(parseFloat(t) * 10) } }
                BigButton { objectName: "addInstruction"; text: "Add"; primary: true; enabled: chart.selected > 0
                            onClicked: rx.addInstruction(chart.selected, movement.currentText, amount.value / 10) }
            }
            Text { text: rx ? rx.message : ""; color: Theme.fail; font.pixelSize: Theme.fontSmall }
            ListView {
                id: list
                Layout.fillWidth: true; Layout.preferredHeight: 200; clip: true; spacing: 6
                model: rx ? rx.instructions : []
                delegate: Rectangle {
                    required property var modelData
                    required property int index
                    width: list.width; height: 60; radius: 8; color: Theme.panel; border.color: Theme.line
                    RowLayout {
                        anchors.fill: parent; anchors.leftMargin: 12
                        Text { Layout.fillWidth: true; text: modelData.text; font.pixelSize: Theme.fontBody; color: Theme.ink; elide: Text.ElideRight }
                        BigButton { text: "Remove"; implicitHeight: 56; onClicked: rx.removeInstruction(index) }
                    }
                }
            }
            Text { text: "Free text for the lab"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
            TextArea {
                id: freeText
                objectName: "freeText"
                Layout.fillWidth: true; Layout.fillHeight: true
                font.pixelSize: Theme.fontBody; wrapMode: TextEdit.Wrap
                placeholderText: "e.g. Please align the facial surfaces of the lower 3-3"
                text: rx ? rx.freeText : ""
                onTextChanged: if (rx && rx.freeText !== text) rx.freeText = text
                background: Rectangle { color: Theme.panel; border.color: Theme.line; radius: 8 }
            }
        }
        Rectangle {
            Layout.preferredWidth: 620; Layout.fillHeight: true; radius: Theme.radius; color: "#fffdf5"; border.color: Theme.line
            ColumnLayout {
                anchors.fill: parent; anchors.margins: 18
                Text { text: "What the lab will read"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
                ScrollView {
                    Layout.fillWidth: true; Layout.fillHeight: true
                    Text { objectName: "labText"; width: 580; text: rx ? rx.labText : ""; wrapMode: Text.WordWrap
                           font.pixelSize: Theme.fontSmall; font.family: "DejaVu Sans Mono"; color: Theme.ink }
                }
            }
        }
    }
}
