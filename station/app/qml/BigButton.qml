import QtQuick
import QtQuick.Controls

// A touch target at least Theme.touch high; `primary` fills with the accent colour.
Button {
    id: control
    property bool primary: false
    property bool danger: false
    implicitHeight: Theme.touch
    implicitWidth: Math.max(180, contentItem.implicitWidth + 48)
    font.pixelSize: Theme.fontBody
    contentItem: Text {
        text: control.text
        font: control.font
        color: !control.enabled ? "#8a96a3" : (control.primary || control.danger ? "white" : Theme.ink)
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    background: Rectangle {
        radius: Theme.radius
        color: !control.enabled ? "#e3e7eb"
             : control.danger ? (control.down ? "#8e0000" : Theme.fail)
             : control.primary ? (control.down ? Theme.accentDark : Theme.accent)
             : (control.down ? "#dde3ea" : Theme.panel)
        border.color: control.primary ? "transparent" : Theme.line
        border.width: control.checked ? 4 : 1
    }
}
