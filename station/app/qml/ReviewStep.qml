import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Review and submit: the pre-submit checklist comes from the submission gate; Submit stays
// disabled until every item passes, and the gate is asked again at submit time.
Item {
    id: step
    property var backend
    property bool active: false
    signal submitted()
    readonly property var review: backend ? backend.review : null
    onActiveChanged: if (active && review) review.refresh()
    readonly property bool isSubmitted: review ? review.submitted : false
    onIsSubmittedChanged: if (isSubmitted) submitted()
    ColumnLayout {
        anchors.fill: parent; anchors.topMargin: 18; anchors.bottomMargin: 12
        spacing: 14
        Text { text: "Before this refinement leaves the practice"; font.pixelSize: 30; font.bold: true; color: Theme.ink }
        ListView {
            id: list
            objectName: "checklist"
            Layout.fillWidth: true; Layout.fillHeight: true; clip: true; spacing: 8
            model: review ? review.checklist : []
            delegate: Rectangle {
                required property var modelData
                required property int index
                objectName: "checkItem_" + index
                width: list.width; height: Math.max(70, col.implicitHeight + 20); radius: Theme.radius
                color: modelData.ok ? "#eef7ee" : "#fdecea"; border.color: Theme.line
                RowLayout {
                    anchors.fill: parent; anchors.margins: 12; spacing: 16
                    Text { text: modelData.ok ? "✔" : "✘"; font.pixelSize: 34; color: modelData.ok ? Theme.pass : Theme.fail }
                    Column {
                        id: col
                        Layout.fillWidth: true
                        Text { text: modelData.item; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
                        Text { text: modelData.reason; font.pixelSize: Theme.fontSmall; color: Theme.ink
                               width: parent.width; wrapMode: Text.WordWrap; visible: text !== "" }
                    }
                }
            }
        }
        RowLayout {
            visible: review && review.canOverride && !review.submitted
            spacing: Theme.gap
            TextField { id: overrideReason; objectName: "overrideReason"; Layout.fillWidth: true; implicitHeight: Theme.touch
                        font.pixelSize: Theme.fontBody; placeholderText: "Clinician: why this refinement may go as it is (audit-logged)" }
            BigButton { objectName: "overrideSubmit"; text: "Override and submit"; danger: true
                        enabled: overrideReason.text.trim().length >= 10 && !review.busy
                        onClicked: review.submitWithOverride(overrideReason.text) }
        }
        RowLayout {
            spacing: Theme.gap
            BigButton { objectName: "refreshChecklist"; text: "Check again"; onClicked: review.refresh() }
            Text { objectName: "reviewMessage"; Layout.fillWidth: true; text: review ? review.message : ""; wrapMode: Text.WordWrap
                   font.pixelSize: Theme.fontBody; color: review && review.canSubmit ? Theme.pass : Theme.fail }
            BusyIndicator { running: review && review.busy; implicitHeight: 60 }
            BigButton { objectName: "submitRefinement"; text: "Submit to the lab"; primary: true
                        enabled: review && review.canSubmit && !review.busy && !review.submitted; onClicked: review.submit() }
        }
    }
}
