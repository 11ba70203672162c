import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Step 5: movement instructions. Tap teeth on the FDI chart (or type them: "11, 21", "lower 3-3"),
// pick the movement — the amount follows its unit (mm or °), IPR takes a contact between two
// adjacent teeth, an elastic its two hook teeth and class — add a note, and the text the lab will
// receive is rendered live from the instructions and the free text.
Item {
    id: step
    property var backend
    readonly property var rx: backend ? backend.prescription : null
    readonly property string unit: rx ? rx.unitOf(movement.currentText) : ""
    readonly property string kind: rx ? rx.kindOf(movement.currentText) : "teeth"
    // Taps fill the fields: teeth as a list, an IPR contact as "a/b", an elastic's two ends.
    function fillFromChart() {
        var s = chart.selection, k = rx ? rx.kindOf(movement.currentText) : "teeth"
        if (k === "elastic") {
            elasticFrom.text = s.length > 0 ? String(s[0]) : ""
            elasticTo.text = s.length > 1 ? String(s[1]) : ""
        } else if (k === "contact") {
            teeth.text = s.slice(0, 2).join("/")
        } else {
            teeth.text = s.join(", ")
        }
    }
    function amountValue() { return rx && rx.unitOf(movement.currentText) === "mm" ? amount.value / 10 : amount.value }
    RowLayout {
        anchors.fill: parent; anchors.topMargin: 12; anchors.bottomMargin: 12
        spacing: 24
        ColumnLayout {
            Layout.fillWidth: true; Layout.fillHeight: true
            spacing: 10
            ToothChart { id: chart; objectName: "toothChart"; multi: true; marked: rx ? rx.markedTeeth : []
                         onSelectionChanged: step.fillFromChart() }
            RowLayout {
                spacing: Theme.gap
                ComboBox { id: movement; objectName: "movement"; implicitHeight: Theme.touch; Layout.preferredWidth: 330
                           font.pixelSize: Theme.fontBody; model: rx ? rx.movements : []
                           onCurrentTextChanged: { amount.value = 5; step.fillFromChart() } }
                TextField { id: teeth; objectName: "instructionTeeth"; visible: step.kind !== "elastic"
                            implicitHeight: Theme.touch; Layout.preferredWidth: 260; font.pixelSize: Theme.fontBody
                            placeholderText: step.kind === "contact" ? "contact, e.g. 33/34" : "teeth, e.g. 24 or lower 3-3" }
                TextField { id: elasticFrom; objectName: "elasticFrom"; visible: step.kind === "elastic"
                            implicitHeight: Theme.touch; Layout.preferredWidth: 110; font.pixelSize: Theme.fontBody; placeholderText: "from" }
                TextField { id: elasticTo; objectName: "elasticTo"; visible: step.kind === "elastic"
                            implicitHeight: Theme.touch; Layout.preferredWidth: 110; font.pixelSize: Theme.fontBody; placeholderText: "to" }
                ComboBox { id: elasticClass; objectName: "elasticClass"; visible: step.kind === "elastic"
                           implicitHeight: Theme.touch; Layout.preferredWidth: 150; font.pixelSize: Theme.fontBody
                           model: ["I", "II", "III"]; displayText: "Class " + currentText }
                SpinBox { id: amount; objectName: "amount"; visible: step.unit !== ""
                          implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                          from: 0; to: step.unit === "mm" ? 60 : 45; value: 5; stepSize: 1
                          textFromValue: function(v) { return step.unit === "mm" ? (v / 10).toFixed(1) + " mm" : v + "°" }
                          valueFromText: function(t) { return step.unit === "mm" ? Math.round(parseFloat(t) * 10) : parseInt(t) } }
            }
            RowLayout {
                spacing: Theme.gap
                TextField { id: note; objectName: "instructionNote"; Layout.fillWidth: true; implicitHeight: Theme.touch
                            font.pixelSize: Theme.fontBody; placeholderText: "note for this instruction (optional), e.g. into better occlusion" }
                BigButton {
                    objectName: "addInstruction"; text: "Add"; primary: true
                    enabled: step.kind === "elastic" ? elasticFrom.text !== "" && elasticTo.text !== "" : teeth.text.trim() !== ""
                    onClicked: {
                        var ok = rx.addInstruction({ teeth: teeth.text, movement: movement.currentText, amount: step.amountValue(),
                                                     note: note.text, from: elasticFrom.text, to: elasticTo.text,
                                                     elasticClass: elasticClass.currentText })
                        if (ok) { chart.clear(); note.text = ""; teeth.text = "" }
                    }
                }
            }
            Text { objectName: "instructionMessage"; Layout.fillWidth: true; wrapMode: Text.WordWrap
                   text: rx ? rx.message : ""; color: Theme.fail; font.pixelSize: Theme.fontSmall }
            ListView {
                id: list
                Layout.fillWidth: true; Layout.preferredHeight: 170; clip: true; spacing: 6
                model: rx ? rx.instructions : []
                delegate: Rectangle {
                    required property var modelData
                    required property int index
                    width: list.width; height: 56; radius: 8; color: Theme.panel; border.color: Theme.line
                    RowLayout {
                        anchors.fill: parent; anchors.leftMargin: 12
                        Text { Layout.fillWidth: true; text: modelData.text; font.pixelSize: Theme.fontBody; color: Theme.ink; elide: Text.ElideRight }
                        BigButton { text: "Remove"; implicitHeight: 52; onClicked: rx.removeInstruction(index) }
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
            Layout.preferredWidth: 560; Layout.fillHeight: true; radius: Theme.radius; color: "#fffdf5"; border.color: Theme.line
            ColumnLayout {
                anchors.fill: parent; anchors.margins: 18
                Text { text: "What the lab will read"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
                ScrollView {
                    Layout.fillWidth: true; Layout.fillHeight: true
                    Text { objectName: "labText"; width: 520; text: rx ? rx.labText : ""; wrapMode: Text.WordWrap
                           font.pixelSize: Theme.fontSmall; font.family: "DejaVu Sans Mono"; color: Theme.ink }
                }
            }
        }
    }
}
