// Text on images with the built-in bitmap font: frame counters, signal names and values on
// overlays, axis labels on plots. Pixels are drawn as hard squares (no anti-aliasing) so small
// text stays crisp after video compression.

extension RGBImage {
    /// The size `text` occupies when drawn with `drawText` at `scale`.
    public static func measureText(_ text: String, scale: Int = 1, font: BitmapFont = .standard) -> IntSize {
        font.measureText(text, scale: scale)
    }

    /// Draws `text` with its top-left corner at (`x`, `y`), each font pixel a `scale`×`scale`
    /// square (scale is clamped to 1...256), clipped to the image. Newlines start a new line.
    /// Returns the box the text occupies, the same size as `measureText` reports.
    @discardableResult
    public mutating func drawText(
        _ text: String, x: Int, y: Int, color: RGB, scale: Int = 1,
        opacity: Float = 1, font: BitmapFont = .standard
    ) -> IntRect {
        let s = BitmapFont.clampedScale(scale)
        // Text this far off-image is invisible; clamping keeps the position arithmetic from overflowing.
        let limit = 1 << 40
        let originX = Swift.min(Swift.max(x, -limit), limit), originY = Swift.min(Swift.max(y, -limit), limit)
        let extent = font.measureText(text, scale: s)
        let occupied = IntRect(x: originX, y: originY, width: extent.width, height: extent.height)

        let alpha = DrawingMath.sanitisedOpacity(opacity)
        guard alpha > 0, let visible = occupied.intersection(bounds) else { return occupied }
        withCanvas { canvas in
            font.layOut(text, scale: s) { glyph, glyphX, glyphY in
                let left = originX + glyphX, top = originY + glyphY
                let glyphBox = IntRect(x: left, y: top, width: font.glyphWidth * s, height: font.glyphHeight * s)
                guard glyphBox.intersection(visible) != nil else { return }
                for row in 0..<font.glyphHeight {
                    let bits = font.rows[glyph * font.glyphHeight + row]
                    if bits == 0 { continue }
                    for column in 0..<font.glyphWidth where bits & (1 << UInt8(font.glyphWidth - 1 - column)) != 0 {
                        let square = IntRect(x: left + column * s, y: top + row * s, width: s, height: s)
                        guard let clipped = square.intersection(visible) else { continue }
                        for py in clipped.minY..<clipped.maxY {
                            for px in clipped.minX..<clipped.maxX { canvas.blend(x: px, y: py, color, alpha) }
                        }
                    }
                }
            }
        }
        return occupied
    }

    /// Draws `text` on a filled box so it stays readable over any footage. The box extends
    /// `padding` pixels beyond the text on every side, has its top-left corner at (`x`, `y`), and
    /// is painted with `background` (by default black or white, whichever contrasts more with
    /// `color`) at `backgroundOpacity`. Returns the box.
    @discardableResult
    public mutating func drawLabel(
        _ text: String, x: Int, y: Int, color: RGB, background: RGB? = nil,
        backgroundOpacity: Float = 0.75, padding: Int = 2, scale: Int = 1,
        font: BitmapFont = .standard
    ) -> IntRect {
        let pad = Swift.max(0, Swift.min(padding, 1 << 20))
        let limit = 1 << 40
        let left = Swift.min(Swift.max(x, -limit), limit), top = Swift.min(Swift.max(y, -limit), limit)
        let extent = font.measureText(text, scale: scale)
        let box = IntRect(x: left, y: top, width: extent.width + 2 * pad, height: extent.height + 2 * pad)
        fillRect(box, color: background ?? color.contrasting, opacity: backgroundOpacity)
        drawText(text, x: left + pad, y: top + pad, color: color, scale: scale, font: font)
        return box
    }
}

extension RGB {
    /// Black for light colours and white for dark ones (by Rec. 601 luma), for text backgrounds.
    public var contrasting: RGB {
        let luma = 0.299 * Float(r) + 0.587 * Float(g) + 0.114 * Float(b)
        return luma >= 128 ? .black : .white
    }
}
