import Imaging
import Motion

/// A face to draw on an overlay frame: its motion (mesh, irises, head axes) and, when the clip's
/// faces are numbered, its box and number.
struct OverlayFace {
    var motion: FrameMotion
    var number: Int?
    var box: Rect?
}

/// `inspect --overlay` with numbered faces: each face's box with its number above it, in one
/// colour per number, so the numbers `--face` and `--driver-face` take can be read off the video.
enum NumberedFaceOverlay {
    static let palette = [RGB(255, 196, 0), RGB(255, 90, 200), RGB(90, 200, 255), RGB(140, 255, 110), RGB(255, 120, 60)]

    static func colour(_ number: Int) -> RGB { palette[(max(number, 1) - 1) % palette.count] }

    static func draw(_ faces: [OverlayFace], on image: inout RGBImage) {
        for face in faces { FaceOverlay.draw(face.motion, on: &image) }
        let scale = max(1, min(image.width, image.height) / 240)
        for face in faces {
            guard let number = face.number, let box = face.box, box.width.isFinite, box.height.isFinite else { continue }
            let x0 = Int(box.minX.rounded()), y0 = Int(box.minY.rounded())
            let rect = IntRect(x: x0, y: y0, width: Int(box.width.rounded()), height: Int(box.height.rounded()))
            image.strokeRect(rect, color: colour(number), thickness: scale)
            // Above the box, or inside its top when the box reaches the top of the picture.
            let labelHeight = (BitmapFont.standard.glyphHeight + 4) * scale
            let y = y0 - labelHeight >= 0 ? y0 - labelHeight : max(0, y0) + scale
            image.drawLabel(
                "\(number)", x: max(0, x0), y: y, color: RGB(0, 0, 0), background: colour(number),
                backgroundOpacity: 0.9, padding: 2 * scale, scale: scale)
        }
    }
}
