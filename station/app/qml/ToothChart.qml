import QtQuick
import QtQuick.Layouts

// FDI tooth chart: upper 18–11 | 21–28 over lower 48–41 | 31–38, as the clinician faces the patient.
// `selected` is the tooth tapped last; with `multi`, taps toggle teeth in `selection` (in the
// order tapped: an IPR contact or an elastic's two ends are the first two).
ColumnLayout {
    id: chart
    property int selected: 0
    property bool multi: false
    property var selection: []
    property var marked: []   // teeth that already carry an instruction
    spacing: 6
    function tap(tooth) {
        chart.selected = tooth
        if (!chart.multi) return
        var s = chart.selection.slice(), at = s.indexOf(tooth)
        if (at >= 0) s.splice(at, 1); else s.push(tooth)
        chart.selection = s
    }
    function clear() { chart.selection = []; chart.selected = 0 }
    function isSelected(tooth) { return chart.multi ? chart.selection.indexOf(tooth) >= 0 : chart.selected === tooth }
    readonly property var upper: [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28]
    readonly property var lower: [48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38]
    Repeater {
        model: [chart.upper, chart.lower]
        Row {
            required property var modelData
            spacing: 4
            Repeater {
                model: modelData
                Rectangle {
                    required property int modelData
                    required property int index
                    objectName: "tooth_" + modelData
                    width: 58; height: 64; radius: 8
                    color: chart.isSelected(modelData) ? Theme.accent : chart.marked.indexOf(modelData) >= 0 ? "#ffe0b2" : Theme.panel
                    border.color: Theme.line; border.width: 2
                    anchors.verticalCenter: undefined
                    Text { anchors.centerIn: parent; text: modelData; font.pixelSize: 20; font.bold: true
                           color: chart.isSelected(modelData) ? "white" : Theme.ink }
                    MouseArea { anchors.fill: parent; onClicked: chart.tap(modelData) }
                    // midline gap
                    Rectangle { visible: index === 7; x: parent.width + 1; width: 2; height: parent.height; color: Theme.ink }
                }
            }
        }
    }
}
