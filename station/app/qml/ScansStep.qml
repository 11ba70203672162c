import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Step 2b: the new scans. Scanner status, arch choice, progress, the cleaned arch in 3D with voids
// highlighted and the QA verdict, rescan; then the bite verdict and the progress heat map. With an
// export folder as the source the arches are taken from the folder (already there or written
// later, once they stop growing); a file the drivers' rules cannot place is asked here.
Item {
    id: step
    property var backend
    readonly property var scans: backend ? backend.scans : null
    readonly property bool fromFolder: scans && scans.source === "folder"
    onVisibleChanged: if (fromFolder) { if (visible) scans.watchFolder(); else scans.stopFolder() }

    RowLayout {
        anchors.fill: parent; anchors.topMargin: 12; anchors.bottomMargin: 12
        spacing: 20
        ColumnLayout {
            Layout.preferredWidth: 430; Layout.fillHeight: true
            spacing: 12
            Rectangle {
                Layout.fillWidth: true; implicitHeight: 70; radius: Theme.radius; color: Theme.panel; border.color: Theme.line
                Row {
                    anchors.verticalCenter: parent.verticalCenter; anchors.left: parent.left; anchors.leftMargin: 14; spacing: 12
                    Rectangle { width: 22; height: 22; radius: 11; anchors.verticalCenter: parent.verticalCenter
                                color: scans && scans.deviceReady ? Theme.pass : Theme.fail }
                    Text { objectName: "scannerStatus"; text: scans ? scans.deviceStatus : ""; font.pixelSize: Theme.fontSmall
                           color: Theme.ink; width: 360; wrapMode: Text.WordWrap }
                }
            }
            // The clinician chose to remove attachments (step 1): the scans must show the teeth
            // without them, or the new aligners will not fit.
            Rectangle {
                objectName: "removeAttachmentsFirst"
                visible: backend ? !backend.prescription.keepAllAttachments : false
                Layout.fillWidth: true; implicitHeight: removeFirst.implicitHeight + 20; radius: Theme.radius
                color: "#fff3e0"; border.color: Theme.warn; border.width: 2
                Text { id: removeFirst; anchors.fill: parent; anchors.margins: 10; wrapMode: Text.WordWrap
                       font.pixelSize: Theme.fontSmall; font.bold: true; color: Theme.ink
                       text: "Remove the attachments first (" + (backend && backend.prescription.attachmentsTeeth !== ""
                             ? backend.prescription.attachmentsTeeth : "all of them") + "), then scan. Scans taken before are marked for a rescan." }
            }
            Text { text: "Arch"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
            // A fixed model: the buttons must not be recreated while progress updates arrive.
            Repeater {
                model: [{ arch: "upper", title: "Upper arch" }, { arch: "lower", title: "Lower arch" },
                        { arch: "bite", title: "Bite" }]
                BigButton {
                    required property var modelData
                    objectName: "arch_" + modelData.arch
                    Layout.fillWidth: true
                    readonly property string verdict: {
                        var list = step.scans ? step.scans.archs : []
                        for (var i = 0; i < list.length; ++i) if (list[i].arch === modelData.arch) return list[i].verdict
                        return ""
                    }
                    text: modelData.title + (verdict ? "  —  " + verdict : "")
                    primary: step.scans && step.scans.arch === modelData.arch
                    onClicked: step.scans.selectArch(modelData.arch)
                }
            }
            ProgressBar {
                objectName: "scanProgress"
                Layout.fillWidth: true; implicitHeight: 24
                from: 0; to: 1; value: scans ? scans.progress : 0
            }
            Text { text: scans ? scans.stage : ""; font.pixelSize: Theme.fontSmall; color: Theme.muted; Layout.fillWidth: true; wrapMode: Text.WordWrap }
            RowLayout {
                spacing: Theme.gap
                BigButton { objectName: "startScan"; text: step.fromFolder ? "Take from folder" : "Scan"; primary: true; Layout.fillWidth: true
                            enabled: scans && scans.deviceReady && !scans.scanning && !(step.fromFolder && scans.folderWatching)
                            onClicked: scans.startScan() }
                BigButton { objectName: "rescan"; text: "Rescan"; Layout.fillWidth: true; visible: !step.fromFolder
                            enabled: scans && scans.deviceReady && !scans.scanning; onClicked: scans.rescan() }
            }
            Rectangle {
                Layout.fillWidth: true; Layout.fillHeight: true; radius: Theme.radius; color: Theme.panel; border.color: Theme.line
                ColumnLayout {
                    anchors.fill: parent; anchors.margins: 14; spacing: 8
                    Text { text: "Scan QA"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
                    VerdictBadge { objectName: "scanVerdict"; verdict: scans ? scans.verdict : ""; Layout.fillWidth: true }
                    Text { text: scans ? scans.reasons : ""; font.pixelSize: Theme.fontSmall; color: Theme.ink
                           Layout.fillWidth: true; wrapMode: Text.WordWrap }
                    Text { text: "Bite"; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
                    VerdictBadge { objectName: "biteVerdict"; verdict: scans ? scans.biteVerdict : "" }
                    Text { text: scans ? scans.biteReason : ""; font.pixelSize: Theme.fontSmall; color: Theme.ink
                           Layout.fillWidth: true; wrapMode: Text.WordWrap }
                    Item { Layout.fillHeight: true }
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true; Layout.fillHeight: true
            // Export folder: what was taken (and on whose word), and what needs an answer.
            Repeater {
                model: step.fromFolder && scans ? scans.folderTaken : []
                Text { required property var modelData
                       font.pixelSize: Theme.fontSmall; color: Theme.ink
                       text: "✓ " + modelData.name + " → " + modelData.role + " (" + modelData.source + ")" }
            }
            Repeater {
                model: step.fromFolder && scans ? scans.folderQuestions : []
                Rectangle {
                    id: questionCard
                    required property var modelData
                    required property int index
                    objectName: "folderQuestion_" + index
                    Layout.fillWidth: true; implicitHeight: 132; radius: Theme.radius; color: "#fff4e0"; border.color: Theme.warn
                    ColumnLayout {
                        anchors.fill: parent; anchors.margins: 10; spacing: 6
                        Text { Layout.fillWidth: true; font.pixelSize: Theme.fontSmall; color: Theme.ink; elide: Text.ElideRight
                               text: "Which scan is " + modelData.name + "? " + modelData.question }
                        Row {
                            spacing: 10
                            Repeater {
                                model: [["upper", "Upper"], ["lower", "Lower"], ["bite", "Bite"], ["ignore", "Not a scan"]]
                                BigButton { required property var modelData
                                            objectName: "answer_" + questionCard.index + "_" + modelData[0]; implicitHeight: 60
                                            text: modelData[1]; onClicked: step.scans.answerQuestion(questionCard.modelData.file, modelData[0]) }
                            }
                        }
                    }
                }
            }
            ArchView { objectName: "archView"; Layout.fillWidth: true; Layout.fillHeight: true; geometry: scans ? scans.geometry : null }
            RowLayout {
                Text { text: scans && scans.voidCount > 0 ? scans.voidCount + " void(s) highlighted in red" : ""
                       color: Theme.fail; font.pixelSize: Theme.fontSmall; Layout.fillWidth: true }
                BigButton { objectName: "heatmapToggle"; text: scans && scans.showHeatmap ? "Show QA colours" : "Progress heat map"
                            enabled: scans && scans.heatmapAvailable
                            onClicked: scans.showHeatmap = !scans.showHeatmap }
            }
            Text { text: scans ? scans.heatmapReason : ""; font.pixelSize: Theme.fontSmall; color: Theme.muted
                   Layout.fillWidth: true; wrapMode: Text.WordWrap }
        }
    }
}
