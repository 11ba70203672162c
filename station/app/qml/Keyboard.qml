import QtQuick
import QtQuick.VirtualKeyboard

// On-screen keyboard for the touch kiosk (loaded only when the kiosk runs with it).
InputPanel {
    id: panel
    width: parent ? parent.width : 1920
    y: active ? 0 : height
    visible: active
}
