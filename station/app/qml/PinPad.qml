import QtQuick
import QtQuick.Layouts

// Numeric PIN pad: big keys, dots instead of digits. Emits `entered(pin)` on OK.
ColumnLayout {
    id: pad
    property string pin: ""
    property bool enabledPad: true
    signal entered(string pin)
    spacing: Theme.gap
    Row {
        Layout.alignment: Qt.AlignHCenter
        spacing: 14
        Repeater {
            model: Math.max(4, pad.pin.length)
            Rectangle { width: 26; height: 26; radius: 13; border.color: Theme.ink; border.width: 2
                        color: index < pad.pin.length ? Theme.ink : "transparent" }
        }
    }
    GridLayout {
        Layout.alignment: Qt.AlignHCenter
        columns: 3; rowSpacing: 12; columnSpacing: 12
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
            BigButton {
                objectName: "pinKey_" + (modelData === "⌫" ? "back" : modelData)
                text: modelData
                primary: modelData === "OK"
                enabled: pad.enabledPad && (modelData !== "OK" || pad.pin.length >= 4)
                implicitWidth: 120; implicitHeight: 88
                font.pixelSize: 32
                onClicked: {
                    if (modelData === "⌫") pad.pin = pad.pin.slice(0, -1)
                    else if (modelData === "OK") { var p = pad.pin; pad.pin = ""; pad.entered(p) }
                    else if (pad.pin.length < 12) pad.pin += modelData
                }
            }
        }
    }
}
