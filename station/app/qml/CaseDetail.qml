import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The case in hand: the lab's case number, its phases with ship/arrival dates, the retainer
// request, and its submission history. A closed case says why (the lab's lifecycle rule) and
// offers re-opening by purchasing phases; editing needs a clinician or admin (the core checks).
Rectangle {
    id: panel
    property var backend
    readonly property var cases: backend ? backend.cases : null
    readonly property var detail: cases ? cases.current : ({})
    color: Theme.panel; radius: Theme.radius; border.color: Theme.line

    Flickable {
        anchors.fill: parent; anchors.margins: 18
        contentHeight: column.implicitHeight; clip: true
        ColumnLayout {
            id: column
            width: parent.width; spacing: 12
            Text { objectName: "detailTitle"; Layout.fillWidth: true; font.pixelSize: Theme.fontTitle - 6; font.bold: true; color: Theme.ink
                   text: (detail.patientName || "") + " · case " + (detail.caseId || ""); elide: Text.ElideRight }
            Text { objectName: "detailLabCase"; font.pixelSize: Theme.fontBody; color: Theme.ink
                   text: "Lab case " + (detail.labCaseId || "—") + (detail.lab ? " at " + detail.lab : "")
                         + (detail.chartId ? " · chart " + detail.chartId : "") }
            Text { objectName: "detailState"; font.pixelSize: Theme.fontBody; font.bold: true
                   color: detail.open ? Theme.pass : Theme.fail
                   text: (detail.state || "") + (detail.closeDate ? (detail.open ? " · closes " : " on ") + detail.closeDate : "")
                         + (detail.reopenedOn ? " · re-opened " + detail.reopenedOn : "") }
            // Closed: the rule's reason, and the way out.
            Rectangle {
                Layout.fillWidth: true; visible: !!detail.needsReopen
                implicitHeight: closedColumn.implicitHeight + 24; radius: 8; color: "#fdecea"
                ColumnLayout {
                    id: closedColumn
                    anchors.fill: parent; anchors.margins: 12; spacing: 8
                    Text { objectName: "closeReason"; Layout.fillWidth: true; wrapMode: Text.WordWrap
                           font.pixelSize: Theme.fontSmall; color: Theme.ink; text: detail.closeReason || "" }
                    RowLayout {
                        spacing: Theme.gap
                        Text { text: "Aligners in the purchased phase"; font.pixelSize: Theme.fontSmall; color: Theme.ink }
                        TextField { id: reopenSteps; objectName: "reopenSteps"; implicitWidth: 110; implicitHeight: 56
                                    font.pixelSize: Theme.fontBody; text: "10"; inputMethodHints: Qt.ImhDigitsOnly }
                        BigButton { objectName: "reopenCase"; text: "Re-open by purchasing phases"; primary: true
                                    enabled: cases && cases.canEdit; onClicked: cases.reopen(parseInt(reopenSteps.text)) }
                    }
                }
            }
            Text { text: "Phases"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
            Repeater {
                model: detail.phases || []
                Text {
                    required property var modelData
                    required property int index
                    objectName: "phaseRow_" + index
                    font.pixelSize: Theme.fontSmall; color: Theme.ink
                    text: "Phase " + modelData.number + " · " + modelData.kind + " · " + modelData.steps + " aligners · "
                          + modelData.status + (modelData.shipOn ? " · ships " + modelData.shipOn : "")
                          + (modelData.shippedOn ? " · shipped " + modelData.shippedOn : "")
                          + (modelData.arrivedOn ? " · arrived " + modelData.arrivedOn : "")
                }
            }
            RowLayout {
                spacing: 10; visible: cases && cases.canEdit
                TextField { id: phaseNumber; objectName: "phaseNumber"; implicitWidth: 80; implicitHeight: 56
                            font.pixelSize: Theme.fontBody; placeholderText: "No."; inputMethodHints: Qt.ImhDigitsOnly }
                ComboBox { id: phaseStatus; objectName: "phaseStatus"; implicitWidth: 190; implicitHeight: 56; font.pixelSize: Theme.fontSmall
                           model: ["scheduled", "on-hold", "shipped", "delivered"] }
                TextField { id: phasePlanned; objectName: "phaseShipOn"; implicitWidth: 170; implicitHeight: 56
                            font.pixelSize: Theme.fontSmall; placeholderText: "ships YYYY-MM-DD" }
                TextField { id: phaseShip; objectName: "phaseShippedOn"; implicitWidth: 170; implicitHeight: 56
                            font.pixelSize: Theme.fontSmall; placeholderText: "shipped YYYY-MM-DD" }
                TextField { id: phaseArrived; objectName: "phaseArrivedOn"; implicitWidth: 170; implicitHeight: 56
                            font.pixelSize: Theme.fontSmall; placeholderText: "arrived YYYY-MM-DD" }
                BigButton { objectName: "savePhase"; text: "Save phase"; implicitHeight: 56
                            onClicked: cases.setPhase(parseInt(phaseNumber.text),
                                                      { status: phaseStatus.currentText, ship_on: phasePlanned.text,
                                                        shipped_on: phaseShip.text, arrived_on: phaseArrived.text }) }
            }
            RowLayout {
                spacing: 10; visible: cases && cases.canEdit && !detail.retainerRequestedOn
                Text { text: "Retainer requested on"; font.pixelSize: Theme.fontSmall; color: Theme.ink }
                TextField { id: retainerDate; objectName: "retainerDate"; implicitWidth: 190; implicitHeight: 56
                            font.pixelSize: Theme.fontSmall; placeholderText: "YYYY-MM-DD" }
                BigButton { objectName: "requestRetainer"; text: "Record retainer request"; implicitHeight: 56
                            onClicked: cases.requestRetainer(retainerDate.text) }
            }
            Text { visible: !!detail.retainerRequestedOn; font.pixelSize: Theme.fontSmall; color: Theme.ink
                   text: "Retainer requested on " + (detail.retainerRequestedOn || "") }
            Text { text: "Submission history"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
            Text { visible: !detail.history || detail.history.length === 0; text: "Nothing submitted from this station yet."
                   font.pixelSize: Theme.fontSmall; color: Theme.muted }
            Repeater {
                objectName: "historyList"
                model: detail.history || []
                Column {
                    required property var modelData
                    required property int index
                    objectName: "historyRow_" + index
                    Text { font.pixelSize: Theme.fontSmall; font.bold: true
                           color: modelData.event === "failed" ? Theme.fail : modelData.event === "uploaded" ? Theme.pass : Theme.ink
                           text: modelData.at + " · " + modelData.title + " · lab case " + modelData.labCaseId }
                    Text { font.pixelSize: Theme.fontSmall; color: Theme.muted; width: column.width; elide: Text.ElideRight
                           text: "package " + modelData.packageId + (modelData.detail ? " · " + modelData.detail : "") }
                }
            }
        }
    }
}
