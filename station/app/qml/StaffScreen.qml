import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Staff (clinicians and admins): add a person with their user id, display name, role and a first
// PIN typed twice. The adapter checks who is signed in and audits the addition under their name.
Rectangle {
    id: screen
    property var backend
    signal back()
    color: Theme.background
    readonly property var staff: backend ? backend.staff : null
    onVisibleChanged: if (visible) { userId.text = ""; displayName.text = ""; pin.text = ""; pinAgain.text = "" }

    Connections {
        target: screen.staff
        function onAdded(id) { userId.text = ""; displayName.text = ""; pin.text = ""; pinAgain.text = "" }
    }

    component Label: Text { font.pixelSize: Theme.fontBody; color: Theme.ink; Layout.alignment: Qt.AlignVCenter }
    component Field: TextField { Layout.preferredWidth: 700; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScreenHeader { title: "Staff"; subtitle: "Add the people who sign in at this station"; backend: screen.backend }
        GridLayout {
            Layout.margins: 32; columns: 2; columnSpacing: 28; rowSpacing: 16
            enabled: staff && staff.mayManage
            Label { text: "User id" }
            Field { id: userId; objectName: "staffUserId"; placeholderText: "letters and digits, e.g. sam.p" }
            Label { text: "Display name" }
            Field { id: displayName; objectName: "staffName"; placeholderText: "e.g. Sam Park" }
            Label { text: "Role" }
            ComboBox { id: role; objectName: "staffRole"; Layout.preferredWidth: 400; implicitHeight: Theme.touch
                       font.pixelSize: Theme.fontBody; model: staff ? staff.roles : [] }
            Label { text: "First PIN (6–12 digits)" }
            Field { id: pin; objectName: "staffPin"; echoMode: TextInput.Password; inputMethodHints: Qt.ImhDigitsOnly
                    validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ } }
            Label { text: "PIN again" }
            Field { id: pinAgain; objectName: "staffPinAgain"; echoMode: TextInput.Password; inputMethodHints: Qt.ImhDigitsOnly
                    validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ } }
        }
        Text {
            objectName: "staffMessage"
            Layout.leftMargin: 32; Layout.preferredWidth: 1400; wrapMode: Text.WordWrap
            text: !staff ? "" : staff.mayManage ? staff.message : "Only a clinician or an admin may add staff."
            font.pixelSize: Theme.fontBody; color: Theme.ink
        }
        Item { Layout.fillHeight: true }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 104; color: Theme.panel
            RowLayout {
                anchors.fill: parent; anchors.margins: 16; spacing: Theme.gap
                BigButton { objectName: "staffBack"; text: "Back"; onClicked: screen.back() }
                Item { Layout.fillWidth: true }
                BigButton {
                    objectName: "staffAdd"; text: "Add to staff"; primary: true
                    enabled: staff && staff.mayManage && !staff.busy
                    onClicked: staff.add(userId.text, displayName.text, role.currentText, pin.text, pinAgain.text)
                }
            }
        }
    }
}
