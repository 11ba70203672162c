import QtQuick
import QtQuick3D
import IntakeStation

// The arch in 3D. One finger / left mouse orbits, two fingers / right mouse pans, pinch / wheel
// zooms. Colours come per vertex from the geometry (voids, heat map).
Rectangle {
    id: view
    property var geometry: null
    property real yaw: 0
    property real pitch: -55
    property real distance: geometry && geometry.radius > 0 ? geometry.radius * 1.7 : 120
    property vector3d pan: Qt.vector3d(0, 0, 0)
    color: "#1c232b"; radius: Theme.radius; clip: true
    onGeometryChanged: resetView()
    function resetView() {
        yaw = 0; pitch = -55; pan = Qt.vector3d(0, 0, 0)
        distance = geometry && geometry.radius > 0 ? geometry.radius * 1.7 : 120
    }

    View3D {
        id: v3d
        objectName: "archView3D"
        anchors.fill: parent
        environment: SceneEnvironment { clearColor: "#1c232b"; backgroundMode: SceneEnvironment.Color
                                        antialiasingMode: SceneEnvironment.MSAA; antialiasingQuality: SceneEnvironment.Medium }
        Node {
            id: orbit
            position: view.geometry ? view.geometry.center.plus(view.pan) : view.pan
            eulerRotation: Qt.vector3d(view.pitch, view.yaw, 0)
            PerspectiveCamera { id: camera; position: Qt.vector3d(0, 0, view.distance); clipNear: 1; clipFar: 5000 }
            DirectionalLight { eulerRotation: Qt.vector3d(-20, 15, 0); brightness: 1.1 }
        }
        DirectionalLight { eulerRotation: Qt.vector3d(-70, 0, 0); brightness: 0.5 }
        Model {
            visible: view.geometry !== null && view.geometry.triangleCount > 0
            geometry: view.geometry && view.geometry.triangleCount > 0 ? view.geometry : null
            materials: DefaultMaterial { vertexColorsEnabled: true; diffuseColor: "white"; specularAmount: 0.25
                                         cullMode: Material.NoCulling }
        }
    }
    Text { anchors.centerIn: parent; visible: !view.geometry || view.geometry.triangleCount === 0
           text: "No scan yet"; color: "#8fa1b3"; font.pixelSize: Theme.fontBody }
    Text { anchors.right: parent.right; anchors.bottom: parent.bottom; anchors.margins: 10
           visible: view.geometry !== null && view.geometry.triangleCount > 0
           text: view.geometry ? view.geometry.triangleCount.toLocaleString(Qt.locale(), "f", 0) + " triangles" : ""
           color: "#8fa1b3"; font.pixelSize: 15 }

    MouseArea {
        anchors.fill: parent
        acceptedButtons: Qt.LeftButton | Qt.RightButton
        property point last
        onPressed: function(m) { last = Qt.point(m.x, m.y) }
        onPositionChanged: function(m) {
            var dx = m.x - last.x, dy = m.y - last.y
            last = Qt.point(m.x, m.y)
            if (m.buttons & Qt.RightButton) view.panBy(dx, dy)
            else { view.yaw -= dx * 0.4; view.pitch = Math.max(-179, Math.min(179, view.pitch - dy * 0.4)) }
        }
        onWheel: function(w) { view.zoomBy(w.angleDelta.y > 0 ? 0.9 : 1.1) }
        onDoubleClicked: view.resetView()
    }
    PinchHandler {
        target: null
        property real startDistance: 0
        onActiveChanged: if (active) startDistance = view.distance
        onActiveScaleChanged: view.distance = Math.max(5, startDistance / activeScale)
        onTranslationChanged: function(delta) { view.panBy(delta.x, delta.y) }
    }
    function zoomBy(f) { distance = Math.max(5, Math.min(2000, distance * f)) }
    function panBy(dx, dy) {
        var s = distance / height
        var right = camera.sceneRight, up = camera.sceneUp
        pan = pan.plus(right.times(-dx * s)).plus(up.times(dy * s))
    }
}
