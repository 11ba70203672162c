import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The outbox: every package named by patient, case and lab case number, with when it was
// queued, its size, progress in per cent and state, the lab's receipt, and Retry for a failed
// one (Outbox::retry: the same job back in the queue). It reads the persistent outbox, so it
// shows the same state after a restart.
Rectangle {
    id: screen
    property var backend
    signal back()
    color: Theme.background
    readonly property var outbox: backend ? backend.outbox : null
    Timer { interval: 500; repeat: true; running: screen.visible && outbox; onTriggered: outbox.refresh() }
    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        ScreenHeader { title: "Outbox"; subtitle: outbox ? outbox.endpoint : ""; backend: screen.backend }
        ListView {
            id: list
            objectName: "outboxList"
            Layout.fillWidth: true; Layout.fillHeight: true; Layout.margins: 24
            clip: true; spacing: 10
            model: outbox ? outbox.packages : []
            delegate: Rectangle {
                required property var modelData
                required property int index
                objectName: "outboxRow_" + index
                width: list.width; height: 160; radius: Theme.radius; color: Theme.panel; border.color: Theme.line
                ColumnLayout {
                    anchors.fill: parent; anchors.margins: 14; spacing: 6
                    RowLayout {
                        Text { Layout.fillWidth: true; text: modelData.title; font.pixelSize: Theme.fontBody; font.bold: true; color: Theme.ink; elide: Text.ElideRight }
                        Rectangle { width: 150; height: 38; radius: 19
                                    color: modelData.state === "delivered" ? Theme.pass : modelData.state === "failed" ? Theme.fail : Theme.accent
                                    Text { anchors.centerIn: parent; text: modelData.state; color: "white"; font.pixelSize: Theme.fontSmall; font.bold: true } }
                        BigButton { objectName: "retry_" + index; text: "Retry"; implicitHeight: 56; visible: modelData.canRetry
                                    onClicked: outbox.retry(modelData.id) }
                    }
                    ProgressBar { Layout.fillWidth: true; from: 0; to: 1; value: modelData.progress; implicitHeight: 18 }
                    Text { objectName: "outboxDetail_" + index; Layout.fillWidth: true; font.pixelSize: Theme.fontSmall
                           elide: Text.ElideRight; color: Theme.muted; text: modelData.detail }
                    Text { visible: text !== ""; Layout.fillWidth: true; font.pixelSize: Theme.fontSmall; elide: Text.ElideRight
                           color: modelData.error ? Theme.fail : Theme.muted
                           text: modelData.error ? modelData.error : modelData.receipt ? "Receipt: " + modelData.receipt : "" }
                }
            }
            Text { anchors.centerIn: parent; visible: list.count === 0; text: "Nothing waiting to be sent."
                   font.pixelSize: Theme.fontBody; color: Theme.muted }
        }
        Rectangle {
            Layout.fillWidth: true; implicitHeight: 104; color: Theme.panel
            RowLayout {
                anchors.fill: parent; anchors.margins: 16; spacing: Theme.gap
                BigButton { objectName: "outboxBack"; text: "Back"; onClicked: screen.back() }
                Text { Layout.fillWidth: true; text: outbox ? outbox.message : ""; font.pixelSize: Theme.fontSmall; color: Theme.ink; wrapMode: Text.WordWrap }
                BigButton { objectName: "sendAll"; text: "Send now"; primary: true; onClicked: outbox.sendAll() }
            }
        }
    }
}
