import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// First run of a new station: the practice's name, its lab (rule pack and upload endpoint) and
// the first clinician's account. The adapter checks every field before writing anything; the
// PIN (at least 6 digits, typed twice) guards every account added later.
Rectangle {
    id: screen
    property var backend
    color: Theme.background
    readonly property var setup: backend ? backend.firstRun : null
    readonly property var settings: backend ? backend.settings : null

    component Label: Text { font.pixelSize: Theme.fontBody; color: Theme.ink; Layout.alignment: Qt.AlignVCenter }
    component Field: TextField { Layout.preferredWidth: 760; implicitHeight: Theme.touch; font.pixelSize: Theme.fontBody }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScreenHeader { title: "Welcome to Intake Station"; subtitle: "First run: set up this station"; backend: screen.backend }
        GridLayout {
            Layout.margins: 32; columns: 2; columnSpacing: 28; rowSpacing: 16
            Text { Layout.columnSpan: 2; text: "The practice"; font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.ink }
            Label { text: "Practice name" }
            Field { id: practice; objectName: "firstRunPractice"; placeholderText: "e.g. Lakeside Orthodontics" }
            Text { Layout.columnSpan: 2; text: "The lab"; font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.ink }
            Label { text: "Rule pack" }
            ComboBox { id: rules; objectName: "firstRunRulePack"; Layout.preferredWidth: 500; implicitHeight: Theme.touch
                       font.pixelSize: Theme.fontBody; model: settings ? settings.rulePacks : [] }
            Label { text: "Upload endpoint" }
            Field { id: endpoint; objectName: "firstRunEndpoint"; text: settings ? settings.labEndpoint : "" }
            Text { Layout.columnSpan: 2; text: "The first clinician"; font.pixelSize: Theme.fontTitle; font.bold: true; color: Theme.ink }
            Label { text: "User id" }
            Field { id: userId; objectName: "firstRunUserId"; placeholderText: "letters and digits, e.g. dr.lee" }
            Label { text: "Display name" }
            Field { id: displayName; objectName: "firstRunName"; placeholderText: "as patients and the lab see it, e.g. Dr. Mia Lee" }
            Label { text: "PIN (6–12 digits)" }
            Field { id: pin; objectName: "firstRunPin"; echoMode: TextInput.Password
                    inputMethodHints: Qt.ImhDigitsOnly; validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ } }
            Label { text: "PIN again" }
            Field { id: pinAgain; objectName: "firstRunPinAgain"; echoMode: TextInput.Password
                    inputMethodHints: Qt.ImhDigitsOnly; validator: RegularExpressionValidator { regularExpression: /[0-9]{0,12}/ } }
        }
        Text {
            objectName: "firstRunMessage"
            Layout.leftMargin: 32; Layout.preferredWidth: 1400; wrapMode: Text.WordWrap
            text: setup ? setup.message : ""; font.pixelSize: Theme.fontBody; color: Theme.ink
        }
        Item { Layout.fillHeight: true }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 104; color: Theme.panel
            RowLayout {
                anchors.fill: parent; anchors.margins: 16; spacing: Theme.gap
                Item { Layout.fillWidth: true }
                BigButton {
                    objectName: "firstRunDone"; text: "Set up and continue to sign-in"; primary: true
                    enabled: setup && !setup.busy
                    onClicked: setup.complete(practice.text, rules.currentText, endpoint.text, userId.text,
                                              displayName.text, pin.text, pinAgain.text)
                }
            }
        }
    }
}
