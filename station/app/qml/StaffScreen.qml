import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Staff (clinicians and admins): who may sign in here. Add a person (user id, display name, role,
// a first PIN typed twice), disable or enable them, set a new PIN for someone who forgot theirs.
// The core checks the signed-in person's role and audits every change under their id; its
// refusals (the last clinician, a wrong role) are shown as they come.
Rectangle {
    id: screen
    property var backend
    signal back()
    color: Theme.background
    readonly property var staff: backend ? backend.staff : null
    property string resetFor: ""
    function clearForm() { userId.text = ""; displayName.text = ""; pin.text = ""; pinAgain.text = "" }
    onVisibleChanged: if (visible) { clearForm(); resetFor = ""; if (staff) staff.refresh() }

    Connections {
        target: screen.staff
        function onAdded(id) { screen.clearForm() }
        function onDone(action) { if (action === "reset-pin") { screen.resetFor = ""; resetPin.text = ""; resetAgain.text = "" } }
    }

    component Label: Text { font.pixelSize: Theme.fontBody; color: Theme.ink; Layout.alignment: Qt.AlignVCenter }
    component Field: TextField { Layout.preferredWidth: 520; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody }
    component PinField: Field { echoMode: TextInput.Password; inputMethodHints: Qt.ImhDigitsOnly
                                validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ } }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScreenHeader { title: "Staff"; subtitle: "The people who sign in at this station"; backend: screen.backend }
        RowLayout {
            Layout.fillWidth: true; Layout.fillHeight: true; Layout.margins: 24; spacing: 32
            enabled: staff && staff.mayManage
            ColumnLayout {
                Layout.preferredWidth: 1000; Layout.fillHeight: true; spacing: 12
                ListView {
                    id: members
                    objectName: "staffList"
                    Layout.fillWidth: true; Layout.fillHeight: true
                    clip: true; spacing: 8
                    model: staff ? staff.members : []
                    delegate: Rectangle {
                        required property var modelData
                        objectName: "staffRow_" + modelData.id
                        width: members.width; height: 84; radius: Theme.radius
                        color: modelData.active ? Theme.panel : "#eeeeee"; border.color: Theme.line
                        RowLayout {
                            anchors.fill: parent; anchors.margins: 12; spacing: 12
                            Column {
                                Layout.fillWidth: true
                                Text { text: modelData.name + (modelData.isMe ? " (you)" : ""); font.pixelSize: Theme.fontBody; font.bold: true
                                       color: modelData.active ? Theme.ink : Theme.muted }
                                Text { text: modelData.id + " · " + modelData.role + (modelData.active ? "" : " · disabled")
                                             + (modelData.locked ? " · locked out" : "")
                                       font.pixelSize: Theme.fontSmall; color: Theme.muted }
                            }
                            BigButton { objectName: (modelData.active ? "staffDisable_" : "staffEnable_") + modelData.id
                                        text: modelData.active ? "Disable" : "Enable"; enabled: staff && !staff.busy
                                        onClicked: modelData.active ? staff.disable(modelData.id) : staff.enable(modelData.id) }
                            BigButton { objectName: "staffReset_" + modelData.id; text: "Reset PIN"; enabled: staff && !staff.busy
                                        onClicked: { screen.resetFor = modelData.id; resetPin.text = ""; resetAgain.text = "" } }
                        }
                    }
                }
                // A forgotten PIN: under the list, so the add form keeps its place.
                RowLayout {
                    visible: screen.resetFor !== ""; spacing: 16
                    Text { text: "New PIN for " + screen.resetFor; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink }
                    PinField { id: resetPin; objectName: "staffResetPin"; Layout.preferredWidth: 240; placeholderText: "new PIN" }
                    PinField { id: resetAgain; objectName: "staffResetPinAgain"; Layout.preferredWidth: 240; placeholderText: "again" }
                    BigButton {
                        objectName: "staffResetSave"; text: "Set PIN"; primary: true
                        enabled: staff && !staff.busy
                        onClicked: staff.resetPin(screen.resetFor, resetPin.text, resetAgain.text)
                    }
                }
            }
            ColumnLayout {
                Layout.alignment: Qt.AlignTop; spacing: 16
                Text { text: "Add a person"; font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.ink }
                GridLayout {
                    columns: 2; columnSpacing: 20; rowSpacing: 12
                    Label { text: "User id" }
                    Field { id: userId; objectName: "staffUserId"; placeholderText: "letters and digits, e.g. sam.p" }
                    Label { text: "Display name" }
                    Field { id: displayName; objectName: "staffName"; placeholderText: "e.g. Sam Park" }
                    Label { text: "Role" }
                    ComboBox { id: role; objectName: "staffRole"; Layout.preferredWidth: 320; implicitHeight: Theme.touch
                               font.pixelSize: Theme.fontBody; model: staff ? staff.roles : [] }
                    Label { text: "First PIN (6–12 digits)" }
                    PinField { id: pin; objectName: "staffPin" }
                    Label { text: "PIN again" }
                    PinField { id: pinAgain; objectName: "staffPinAgain" }
                }
                BigButton {
                    objectName: "staffAdd"; text: "Add to staff"; primary: true
                    enabled: staff && staff.mayManage && !staff.busy
                    onClicked: staff.add(userId.text, displayName.text, role.currentText, pin.text, pinAgain.text)
                }
            }
        }
        Text {
            objectName: "staffMessage"
            Layout.leftMargin: 24; Layout.preferredWidth: 1800; wrapMode: Text.WordWrap
            text: !staff ? "" : staff.mayManage ? staff.message : "Only a clinician or an admin may manage staff."
            font.pixelSize: Theme.fontBody; color: Theme.ink
        }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 104; color: Theme.panel
            RowLayout {
                anchors.fill: parent; anchors.margins: 16; spacing: Theme.gap
                BigButton { objectName: "staffBack"; text: "Back"; onClicked: screen.back() }
                Item { Layout.fillWidth: true }
            }
        }
    }
}
