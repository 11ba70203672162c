pragma Singleton
import QtQuick

// One place for the kiosk's look: large type and touch targets (>= 64 px) for gloved hands.
QtObject {
    readonly property color background: "#f4f6f8"
    readonly property color panel: "#ffffff"
    readonly property color ink: "#1d2733"
    readonly property color muted: "#5d6b7a"
    readonly property color accent: "#1565c0"
    readonly property color accentDark: "#0d47a1"
    readonly property color pass: "#2e7d32"
    readonly property color warn: "#ef8f00"
    readonly property color fail: "#c62828"
    readonly property color line: "#d5dbe1"
    readonly property int touch: 72
    readonly property int gap: 16
    readonly property int radius: 10
    readonly property int fontBody: 22
    readonly property int fontSmall: 17
    readonly property int fontTitle: 34
    function verdictColor(v) {
        if (v === "pass") return pass
        if (v === "warn") return warn
        if (v === "fail") return fail
        return muted
    }
}
