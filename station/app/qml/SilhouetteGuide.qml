import QtQuick

// Outline the assistant lines the patient up with: a face for extra-oral views, a smile for the
// frontal intra-oral view, a buccal arch for the side views and a U arch for occlusal views.
Canvas {
    id: guide
    property string kind: ""
    onKindChanged: requestPaint()
    onWidthChanged: requestPaint()
    onHeightChanged: requestPaint()
    onPaint: {
        var ctx = getContext("2d")
        ctx.reset()
        ctx.strokeStyle = "rgba(120, 220, 255, 0.85)"
        ctx.lineWidth = 5
        ctx.setLineDash([14, 10])
        var w = width, h = height, cx = w / 2, cy = h / 2
        ctx.beginPath()
        if (kind === "face") {
            ctx.ellipse(cx - w * 0.18, cy - h * 0.42, w * 0.36, h * 0.78)
            ctx.moveTo(cx - w * 0.08, cy + h * 0.16); ctx.quadraticCurveTo(cx, cy + h * 0.22, cx + w * 0.08, cy + h * 0.16)
        } else if (kind === "profile") {
            ctx.moveTo(cx + w * 0.05, cy - h * 0.42)
            ctx.bezierCurveTo(cx - w * 0.2, cy - h * 0.4, cx - w * 0.16, cy - h * 0.05, cx - w * 0.22, cy + h * 0.02)
            ctx.lineTo(cx - w * 0.15, cy + h * 0.1)
            ctx.bezierCurveTo(cx - w * 0.18, cy + h * 0.2, cx - w * 0.12, cy + h * 0.36, cx + w * 0.05, cy + h * 0.4)
        } else if (kind === "smile" || kind === "front") {
            ctx.moveTo(cx - w * 0.4, cy - h * 0.05)
            ctx.quadraticCurveTo(cx, cy - h * 0.3, cx + w * 0.4, cy - h * 0.05)
            ctx.quadraticCurveTo(cx, cy + h * 0.35, cx - w * 0.4, cy - h * 0.05)
            ctx.moveTo(cx - w * 0.36, cy); ctx.lineTo(cx + w * 0.36, cy)
        } else if (kind === "buccal") {
            ctx.moveTo(cx - w * 0.42, cy - h * 0.02)
            ctx.quadraticCurveTo(cx, cy - h * 0.12, cx + w * 0.42, cy - h * 0.2)
            ctx.moveTo(cx - w * 0.42, cy + h * 0.02)
            ctx.quadraticCurveTo(cx, cy + h * 0.08, cx + w * 0.42, cy + h * 0.16)
        } else if (kind === "occlusal") {
            ctx.moveTo(cx - w * 0.3, cy + h * 0.4)
            ctx.bezierCurveTo(cx - w * 0.34, cy - h * 0.45, cx + w * 0.34, cy - h * 0.45, cx + w * 0.3, cy + h * 0.4)
        }
        ctx.stroke()
    }
}
