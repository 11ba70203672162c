import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Settings (clinician only): lab endpoint, rule pack, devices. Devices: the scan source
// (simulated, the USB scan head, or an export folder the scanner's software writes into) and the
// camera (simulated, UVC, or card import), each with its live status; the choice is kept.
Rectangle {
    id: screen
    property var backend
    signal back()
    color: Theme.background
    readonly property var settings: backend ? backend.settings : null
    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScreenHeader { title: "Settings"; subtitle: settings ? "Data directory: " + settings.dataDir : ""; backend: screen.backend }
        GridLayout {
            Layout.margins: 24; columns: 2; columnSpacing: 24; rowSpacing: 18
            Text { text: "Lab endpoint"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            TextField { id: endpoint; objectName: "labEndpoint"; Layout.preferredWidth: 900; implicitHeight: Theme.touch
                        font.pixelSize: Theme.fontBody; text: settings ? settings.labEndpoint : "" }
            Text { text: "Rule pack"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            ComboBox { id: rules; objectName: "rulePack"; Layout.preferredWidth: 500; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                       model: settings ? settings.rulePacks : []
                       currentIndex: settings ? Math.max(0, settings.rulePacks.indexOf(settings.rulePack)) : 0 }
            Text { text: "Scan source"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            RowLayout {
                spacing: Theme.gap
                ComboBox { id: scanSource; objectName: "scanSource"; implicitWidth: 360; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                           textRole: "title"; valueRole: "value"
                           model: [{ value: "sim", title: "Simulated (demo)" }, { value: "usb", title: "USB scan head" },
                                   { value: "folder", title: "Export folder" }]
                           Component.onCompleted: currentIndex = settings ? Math.max(0, indexOfValue(settings.scanSource)) : 0 }
                TextField { id: scanFolder; objectName: "scanFolder"; implicitWidth: 520; implicitHeight: Theme.touch; font.pixelSize: Theme.fontSmall
                            visible: scanSource.currentValue === "folder"; placeholderText: "Folder the scanner exports into"
                            text: settings ? settings.scanFolder : "" }
            }
            Text { text: "Camera"; font.pixelSize: Theme.fontBody; color: Theme.ink }
            ComboBox { id: cameraSource; objectName: "cameraSource"; implicitWidth: 360; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody
                       textRole: "title"; valueRole: "value"
                       model: [{ value: "sim", title: "Simulated (demo)" }, { value: "uvc", title: "UVC camera" },
                               { value: "card", title: "Card import (DCIM)" }]
                       Component.onCompleted: currentIndex = settings ? Math.max(0, indexOfValue(settings.cameraSource)) : 0 }
            Item { width: 1; height: 1 }
            BigButton { objectName: "saveDevices"; text: "Save devices"
                        onClicked: settings.saveDevices(scanSource.currentValue, scanFolder.text, cameraSource.currentValue) }
            Text { text: "Status"; font.pixelSize: Theme.fontBody; color: Theme.ink; Layout.alignment: Qt.AlignTop }
            Column {
                spacing: 8
                Repeater {
                    model: settings ? settings.devices : []
                    Rectangle {
                        required property var modelData
                        required property int index
                        objectName: "deviceStatus_" + index
                        width: 900; height: 64; radius: 8; color: Theme.panel; border.color: Theme.line
                        Text { anchors.verticalCenter: parent.verticalCenter; anchors.left: parent.left; anchors.leftMargin: 14
                               text: modelData.name + " — " + modelData.status; font.pixelSize: Theme.fontBody; color: Theme.ink }
                    }
                }
            }
        }
        Text { Layout.leftMargin: 24; text: settings ? settings.message : ""; font.pixelSize: Theme.fontSmall; color: Theme.ink }
        Item { Layout.fillHeight: true }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 104; color: Theme.panel
            RowLayout {
                anchors.fill: parent; anchors.margins: 16; spacing: Theme.gap
                BigButton { objectName: "settingsBack"; text: "Back"; onClicked: screen.back() }
                Item { Layout.fillWidth: true }
                BigButton { objectName: "settingsSave"; text: "Save"; primary: true
                            onClicked: settings.save(endpoint.text, rules.currentText) }
            }
        }
    }
}
