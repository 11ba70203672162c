import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Step 2a: the photo series. Live preview with a silhouette guide for the chosen view; the check
// verdict and its reason appear as soon as the shot is taken; retake; import from a DSLR card.
Item {
    id: step
    property var backend
    property bool active: false
    readonly property var photos: backend ? backend.photos : null
    onActiveChanged: if (photos) photos.previewActive = active

    RowLayout {
        anchors.fill: parent; anchors.topMargin: 12; anchors.bottomMargin: 12
        spacing: 20
        ListView {
            id: views
            objectName: "photoViews"
            Layout.preferredWidth: 380; Layout.fillHeight: true
            clip: true; spacing: 8
            model: photos ? photos.views : []
            delegate: Rectangle {
                required property var modelData
                required property int index
                objectName: "photoView_" + modelData.id
                width: views.width; height: 74; radius: Theme.radius
                color: photos.currentIndex === index ? "#e3efff" : Theme.panel
                border.color: photos.currentIndex === index ? Theme.accent : Theme.line
                border.width: 2
                RowLayout {
                    anchors.fill: parent; anchors.margins: 12
                    Text { Layout.fillWidth: true; text: modelData.title; font.pixelSize: Theme.fontBody; color: Theme.ink; elide: Text.ElideRight }
                    Rectangle {
                        width: 76; height: 34; radius: 17
                        color: Theme.verdictColor(modelData.verdict)
                        Text { anchors.centerIn: parent; color: "white"; font.pixelSize: 15; font.bold: true
                               text: modelData.verdict === "" ? "to do" : modelData.verdict }
                    }
                }
                MouseArea { anchors.fill: parent; onClicked: photos.selectView(index) }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true; Layout.fillHeight: true
            spacing: 12
            Rectangle {
                id: previewBox
                Layout.fillWidth: true; Layout.fillHeight: true
                color: "#101418"; radius: Theme.radius; clip: true
                Image {
                    id: preview
                    objectName: "cameraPreview"
                    anchors.fill: parent; anchors.margins: 4
                    fillMode: Image.PreserveAspectFit
                    cache: false; asynchronous: false
                    source: photos ? photos.previewUrl : ""
                }
                SilhouetteGuide {
                    anchors.centerIn: parent
                    width: Math.min(parent.width, parent.height * 4 / 3) * 0.9
                    height: parent.height * 0.9
                    kind: photos && photos.views.length > 0 ? photos.views[photos.currentIndex].guide : ""
                }
                Text { anchors.left: parent.left; anchors.top: parent.top; anchors.margins: 12
                       text: photos ? photos.cameraStatus : ""; color: "white"; font.pixelSize: Theme.fontSmall }
                BusyIndicator { anchors.centerIn: parent; running: photos && photos.busy }
            }
            Rectangle {
                Layout.fillWidth: true; implicitHeight: 90; radius: Theme.radius; color: Theme.panel; border.color: Theme.line
                VerdictBadge {
                    objectName: "photoVerdict"
                    anchors.verticalCenter: parent.verticalCenter; anchors.left: parent.left; anchors.leftMargin: 16
                    verdict: photos && photos.views.length > 0 ? photos.views[photos.currentIndex].verdict : ""
                    reason: photos && photos.views.length > 0 ? (photos.views[photos.currentIndex].reason || "Line the teeth up with the guide and take the photo.") : ""
                }
            }
            RowLayout {
                spacing: Theme.gap
                BigButton { objectName: "takePhoto"; text: "Take photo"; primary: true
                            enabled: photos && !photos.busy && photos.cameraReady; onClicked: photos.capture() }
                BigButton { objectName: "retakePhoto"; text: "Retake"; enabled: photos && !photos.busy
                            onClicked: photos.retake() }
                Item { Layout.fillWidth: true }
                TextField { id: cardPath; objectName: "cardPath"; Layout.preferredWidth: 360; implicitHeight: Theme.touch
                            font.pixelSize: Theme.fontSmall; text: photos ? photos.cardPath : ""
                            placeholderText: "DSLR card folder" }
                BigButton { objectName: "importCard"; text: "Import from card"; enabled: photos && !photos.busy
                            onClicked: photos.importCard(cardPath.text) }
            }
            Text { text: photos ? photos.message : ""; font.pixelSize: Theme.fontSmall; color: Theme.muted
                   Layout.fillWidth: true; wrapMode: Text.WordWrap }
        }
    }
}
