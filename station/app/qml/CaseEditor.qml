import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// New patient and new case (a clinician or admin; the core checks the role and audits). The
// lab's case number is required: a refinement is submitted under the lab's existing case.
Rectangle {
    id: editor
    property var backend
    readonly property var cases: backend ? backend.cases : null
    signal done()
    color: Theme.background
    onVisibleChanged: if (visible && cases) cases.refreshPatients()

    ColumnLayout {
        anchors.fill: parent; anchors.margins: 24; spacing: 14
        Text { text: "Patient (new, or the one chosen below to correct)"; font.pixelSize: Theme.fontTitle - 6; font.bold: true; color: Theme.ink }
        RowLayout {
            spacing: Theme.gap
            TextField { id: patientName; objectName: "patientName"; implicitWidth: 420; implicitHeight: Theme.touch
                        font.pixelSize: Theme.fontBody; placeholderText: "Name (Given Family)" }
            TextField { id: patientBorn; objectName: "patientBorn"; implicitWidth: 240; implicitHeight: Theme.touch
                        font.pixelSize: Theme.fontBody; placeholderText: "Born YYYY-MM-DD" }
            TextField { id: patientChart; objectName: "patientChart"; implicitWidth: 240; implicitHeight: Theme.touch
                        font.pixelSize: Theme.fontBody; placeholderText: "Chart number" }
            BigButton { objectName: "addPatient"; text: "Add patient"
                        onClicked: {
                            var id = cases.addPatient(patientName.text, patientBorn.text, patientChart.text)
                            if (id !== "") patientPick.currentIndex = patientPick.indexOfId(id)
                        } }
            BigButton { objectName: "savePatient"; text: "Save changes"
                        enabled: patientPick.currentIndex >= 0
                        onClicked: {
                            var id = cases.patients[patientPick.currentIndex].id
                            if (cases.editPatient(id, patientName.text, patientBorn.text, patientChart.text))
                                patientPick.currentIndex = patientPick.indexOfId(id)
                        } }
        }
        Text { text: "New case"; font.pixelSize: Theme.fontTitle - 6; font.bold: true; color: Theme.ink }
        GridLayout {
            columns: 4; columnSpacing: Theme.gap; rowSpacing: 12
            Text { text: "Patient"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            ComboBox {
                id: patientPick; objectName: "casePatient"; implicitWidth: 420; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                model: cases ? cases.patients : []
                textRole: "name"
                // Choosing a patient fills the fields above, to correct them with "Save changes".
                onActivated: function(index) {
                    var p = cases.patients[index]
                    patientName.text = p.name; patientBorn.text = p.born; patientChart.text = p.chartId
                }
                displayText: currentIndex >= 0 && cases && cases.patients[currentIndex]
                             ? cases.patients[currentIndex].name + " · chart " + cases.patients[currentIndex].chartId : "Choose…"
                function indexOfId(id) {
                    for (var i = 0; cases && i < cases.patients.length; ++i) if (cases.patients[i].id === id) return i
                    return -1
                }
            }
            Text { text: "Case number"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            TextField { id: caseId; objectName: "caseIdField"; implicitWidth: 300; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody }
            Text { text: "Lab"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            TextField { id: lab; objectName: "caseLab"; implicitWidth: 420; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody }
            Text { text: "Lab's case number *"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
            TextField { id: labCaseId; objectName: "caseLabCaseId"; implicitWidth: 300; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                        placeholderText: "required, e.g. LAB-000123" }
            Text { text: "Rule pack"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            ComboBox { id: rules; objectName: "caseRules"; implicitWidth: 420; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                       model: backend ? backend.settings.rulePacks : []
                       currentIndex: backend ? Math.max(0, backend.settings.rulePacks.indexOf(backend.settings.rulePack)) : 0 }
            Text { text: "Submitted on"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            TextField { id: submittedOn; objectName: "caseSubmittedOn"; implicitWidth: 300; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                        placeholderText: "YYYY-MM-DD" }
            Text { text: "Phase 1 aligners"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            TextField { id: steps; objectName: "casePhaseSteps"; implicitWidth: 140; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                        text: "20"; inputMethodHints: Qt.ImhDigitsOnly }
            Text { text: "Phase 1 status"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            ComboBox { id: phaseStatus; objectName: "casePhaseStatus"; implicitWidth: 300; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                       model: ["scheduled", "shipped", "delivered"] }
            Text { text: "Shipped on"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            TextField { id: shippedOn; objectName: "casePhaseShippedOn"; implicitWidth: 300; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                        placeholderText: "YYYY-MM-DD" }
            Text { text: "Arrived on"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            TextField { id: arrivedOn; objectName: "casePhaseArrivedOn"; implicitWidth: 300; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                        placeholderText: "YYYY-MM-DD" }
        }
        Text { objectName: "caseEditorMessage"; Layout.fillWidth: true; wrapMode: Text.WordWrap
               text: cases ? cases.message : ""; font.pixelSize: Theme.fontSmall; color: Theme.ink }
        Item { Layout.fillHeight: true }
        RowLayout {
            spacing: Theme.gap
            BigButton { objectName: "caseEditorBack"; text: "Back"; onClicked: editor.done() }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "addCase"; text: "Add case"; primary: true
                enabled: labCaseId.text.trim() !== "" && patientPick.currentIndex >= 0
                onClicked: {
                    var ok = cases.addCase({ patientId: cases.patients[patientPick.currentIndex].id, caseId: caseId.text,
                                             lab: lab.text, labCaseId: labCaseId.text, rules: rules.currentText,
                                             submittedOn: submittedOn.text, phaseSteps: parseInt(steps.text),
                                             phaseStatus: phaseStatus.currentText, shippedOn: shippedOn.text,
                                             arrivedOn: arrivedOn.text })
                    if (ok) editor.done()
                }
            }
        }
    }
}
