import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Window

// The kiosk window. `backend` is the C++ Backend (adapters over the core libraries) or, for
// device-free tests and demos, MockBackend.qml with the same properties.
ApplicationWindow {
    id: window
    property var backend: null
    property bool kiosk: false
    property bool virtualKeyboard: false
    // A station without staff opens the first-run screen; afterwards the sign-in.
    property string screen: backend && backend.firstRun.needed ? "firstrun" : "signin"
    title: "Intake Station"
    width: 1920; height: 1080
    visible: true
    flags: kiosk ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window
    visibility: kiosk ? Window.FullScreen : Window.Windowed
    color: Theme.background

    function go(name) {
        screen = name
        if (name === "wizard") wizard.resume()
    }
    function requestExit() { if (kiosk) exitDialog.open(); else Qt.quit() }
    onClosing: function(close) { if (kiosk) { close.accepted = false; exitDialog.open() } }
    // Sign-in answers asynchronously (argon2id runs off the GUI thread): follow the property.
    readonly property bool signedIn: backend ? backend.session.signedIn : false
    onSignedInChanged: go(signedIn ? "cases" : "signin")
    readonly property bool firstRunNeeded: backend ? backend.firstRun.needed : false
    onFirstRunNeededChanged: go(firstRunNeeded ? "firstrun" : "signin")

    FirstRunScreen { objectName: "screen_firstrun"; anchors.fill: parent; backend: window.backend
                     visible: window.screen === "firstrun" }
    SignInScreen { id: signIn; objectName: "screen_signin"; anchors.fill: parent; backend: window.backend
                   visible: window.screen === "signin" }
    CaseScreen { objectName: "screen_cases"; anchors.fill: parent; backend: window.backend; visible: window.screen === "cases"
                 onStartRefinement: window.go("wizard"); onOpenOutbox: window.go("outbox")
                 onOpenSettings: window.go("settings"); onOpenStaff: window.go("staff"); onSignOut: window.backend.session.signOut() }
    WizardScreen { id: wizard; objectName: "screen_wizard"; anchors.fill: parent; backend: window.backend
                   visible: window.screen === "wizard"; onFinished: window.go("outbox"); onCancelled: window.go("cases") }
    OutboxScreen { objectName: "screen_outbox"; anchors.fill: parent; backend: window.backend
                   visible: window.screen === "outbox"; onBack: window.go("cases") }
    StaffScreen { objectName: "screen_staff"; anchors.fill: parent; backend: window.backend
                  visible: window.screen === "staff"; onBack: window.go("cases") }
    SettingsScreen { objectName: "screen_settings"; anchors.fill: parent; backend: window.backend
                     visible: window.screen === "settings"; onBack: window.go("cases") }

    // Corner control to leave; in kiosk mode it asks for a clinician PIN.
    BigButton { objectName: "exitButton"; text: "✕"; implicitWidth: 72; anchors.right: parent.right; anchors.bottom: parent.bottom
                anchors.margins: 16; visible: window.screen === "signin" || window.screen === "firstrun"; onClicked: window.requestExit() }
    ExitDialog { id: exitDialog; objectName: "exitDialog"; backend: window.backend; onConfirmed: Qt.quit() }
    Shortcut { sequence: "Ctrl+Q"; onActivated: window.requestExit() }

    Loader { id: keyboard; active: window.virtualKeyboard; source: "Keyboard.qml"
             anchors.left: parent.left; anchors.right: parent.right; anchors.bottom: parent.bottom; z: 100 }
}
