// Drawing primitives for debug overlays (landmarks, boxes, labels) and plots (signal charts).
//
// Shapes use the pixel-centre convention of Geometry.swift: a 1-pixel line from (0, 5) to
// (10, 5) covers exactly row 5. Lines and circles are anti-aliased by coverage: a pixel's
// opacity falls off linearly over the last pixel of distance from the shape's edge, which is
// cheap and looks clean at the sizes overlays use.
//
// Every primitive clips against the image, so callers can pass shapes that lie partly or wholly
// outside it (or have NaN or infinite coordinates) without checking first.

extension RGBImage {
    /// Paints `rect` (clipped to the image) with `color`, blended at `opacity` (0 transparent,
    /// 1 opaque); e.g. opacity 0.5 darkens a plot background without hiding the frame.
    public mutating func fillRect(_ rect: IntRect, color: RGB, opacity: Float = 1) {
        let alpha = DrawingMath.sanitisedOpacity(opacity)
        guard alpha > 0, let clipped = rect.intersection(bounds) else { return }
        withCanvas { canvas in
            for y in clipped.minY..<clipped.maxY {
                for x in clipped.minX..<clipped.maxX { canvas.blend(x: x, y: y, color, alpha) }
            }
        }
    }

    /// Draws the outline of `rect` with the border inside the rectangle, `thickness` pixels wide.
    /// The four sides do not overlap, so translucent outlines have even corners.
    public mutating func strokeRect(_ rect: IntRect, color: RGB, thickness: Int = 1, opacity: Float = 1) {
        guard !rect.isEmpty, thickness > 0 else { return }
        let t = Swift.min(thickness, rect.width, rect.height)
        if t * 2 >= rect.width || t * 2 >= rect.height {
            fillRect(rect, color: color, opacity: opacity)  // border fills it entirely
            return
        }
        let innerHeight = rect.height - 2 * t
        fillRect(IntRect(x: rect.x, y: rect.y, width: rect.width, height: t), color: color, opacity: opacity)
        fillRect(IntRect(x: rect.x, y: rect.maxY - t, width: rect.width, height: t), color: color, opacity: opacity)
        fillRect(IntRect(x: rect.x, y: rect.y + t, width: t, height: innerHeight), color: color, opacity: opacity)
        fillRect(IntRect(x: rect.maxX - t, y: rect.y + t, width: t, height: innerHeight), color: color, opacity: opacity)
    }

    /// An anti-aliased line segment `thickness` pixels wide with round ends.
    public mutating func drawLine(from a: Point2, to b: Point2, color: RGB, thickness: Float = 1, opacity: Float = 1) {
        let alpha = DrawingMath.sanitisedOpacity(opacity)
        guard alpha > 0 else { return }
        let clip = bounds
        withCanvas { canvas in
            DrawingMath.rasterizeCapsule(from: a, to: b, radius: thickness / 2, clip: clip) { x, y, coverage in
                canvas.blend(x: x, y: y, color, coverage * alpha)
            }
        }
    }

    /// Connected line segments through `points` (closing back to the first when `closed`).
    /// Each pixel is blended once with the strongest coverage of any segment, so joints of a
    /// translucent polyline are not darker than its segments.
    public mutating func drawPolyline(
        _ points: [Point2], color: RGB, thickness: Float = 1,
        opacity: Float = 1, closed: Bool = false
    ) {
        let alpha = DrawingMath.sanitisedOpacity(opacity)
        guard alpha > 0, !points.isEmpty, thickness.isFinite, thickness > 0 else { return }
        if points.count == 1 {
            drawLine(from: points[0], to: points[0], color: color, thickness: thickness, opacity: opacity)
            return
        }
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard let box = Rect.bounding(finite) else { return }
        let reach = thickness / 2 + 1
        guard let area = IntRect(enclosing: box.insetBy(dx: -reach, dy: -reach)).intersection(bounds) else { return }

        // Largest coverage per pixel of the clipped bounding box, blended in one pass at the end.
        var coverage = [Float](repeating: 0, count: area.width * area.height)
        coverage.withUnsafeMutableBufferPointer { cov in
            let segmentCount = closed ? points.count : points.count - 1
            for i in 0..<segmentCount {
                let a = points[i], b = points[(i + 1) % points.count]
                DrawingMath.rasterizeCapsule(from: a, to: b, radius: thickness / 2, clip: area) { x, y, c in
                    let k = (y - area.y) * area.width + (x - area.x)
                    if c > cov[k] { cov[k] = c }
                }
            }
        }
        withCanvas { canvas in
            var k = 0
            for y in area.minY..<area.maxY {
                for x in area.minX..<area.maxX {
                    if coverage[k] > 0 { canvas.blend(x: x, y: y, color, coverage[k] * alpha) }
                    k += 1
                }
            }
        }
    }

    /// An anti-aliased filled disc; a radius of 1.5–3 makes a good landmark dot.
    public mutating func fillCircle(center: Point2, radius: Float, color: RGB, opacity: Float = 1) {
        // A disc is a capsule whose segment has zero length.
        drawLine(from: center, to: center, color: color, thickness: radius * 2, opacity: opacity)
    }

    /// An anti-aliased ring of the given `radius` (to the middle of the stroke) and `thickness`.
    public mutating func strokeCircle(center: Point2, radius: Float, color: RGB, thickness: Float = 1, opacity: Float = 1) {
        let alpha = DrawingMath.sanitisedOpacity(opacity)
        let halfWidth = thickness / 2
        guard alpha > 0, center.x.isFinite, center.y.isFinite, radius.isFinite, radius >= 0,
            halfWidth.isFinite, halfWidth > 0
        else { return }
        let outer = radius + halfWidth + 0.5  // beyond this distance coverage is zero
        let clip = bounds
        withCanvas { canvas in
            DrawingMath.forEachRowSpanOfDisc(center: center, radius: outer, clip: clip) { y, xRange in
                for x in xRange {
                    let distance = (Point2(Float(x), Float(y)) - center).length
                    let coverage = Swift.min(1, halfWidth + 0.5 - abs(distance - radius))
                    if coverage > 0 { canvas.blend(x: x, y: y, color, coverage * alpha) }
                }
            }
        }
    }

    /// Blends one pixel if it is inside the image; for scatter plots and sparse markers.
    public mutating func blendPixel(x: Int, y: Int, color: RGB, opacity: Float = 1) {
        let alpha = DrawingMath.sanitisedOpacity(opacity)
        guard alpha > 0, bounds.contains(x: x, y: y) else { return }
        withCanvas { $0.blend(x: x, y: y, color, alpha) }
    }

    /// Runs `body` with raw access to the pixels; one exclusive access per primitive rather than
    /// per pixel.
    mutating func withCanvas(_ body: (PixelCanvas) -> Void) {
        let w = width
        pixels.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            body(PixelCanvas(base: base, width: w))
        }
    }
}

/// A temporary unchecked view of RGB pixels; callers have already clipped coordinates.
struct PixelCanvas {
    let base: UnsafeMutablePointer<UInt8>
    let width: Int

    /// Moves the pixel towards `color` by `alpha` (0...1); alpha 1 writes `color` exactly.
    @inline(__always) func blend(x: Int, y: Int, _ color: RGB, _ alpha: Float) {
        let p = base + (y * width + x) * 3
        if alpha >= 1 {
            p[0] = color.r
            p[1] = color.g
            p[2] = color.b
        } else {
            p[0] = clampedByte(Float(p[0]) + (Float(color.r) - Float(p[0])) * alpha)
            p[1] = clampedByte(Float(p[1]) + (Float(color.g) - Float(p[1])) * alpha)
            p[2] = clampedByte(Float(p[2]) + (Float(color.b) - Float(p[2])) * alpha)
        }
    }
}

/// Geometry shared by the anti-aliased primitives.
enum DrawingMath {
    /// Clamped into 0...1; NaN means "draw nothing".
    static func sanitisedOpacity(_ opacity: Float) -> Float {
        opacity > 0 ? Swift.min(opacity, 1) : 0
    }

    /// `v` rounded towards the inside of `lo...hi` and clamped into it; NaN gives `lo`.
    static func clamp(_ v: Float, _ lo: Int, _ hi: Int) -> Int {
        guard v > Float(lo) else { return lo }
        guard v < Float(hi) else { return hi }
        return Int(v)
    }

    /// For each image row a disc touches inside `clip`, the columns whose pixel centres lie
    /// within `radius` of `center`.
    static func forEachRowSpanOfDisc(
        center: Point2, radius: Float, clip: IntRect,
        _ body: (Int, ClosedRange<Int>) -> Void
    ) {
        guard !clip.isEmpty, center.x.isFinite, center.y.isFinite, radius > 0 else { return }
        let lastX = clip.maxX - 1, lastY = clip.maxY - 1
        guard center.y - radius <= Float(lastY), center.y + radius >= Float(clip.minY) else { return }
        let yLow = clamp((center.y - radius).rounded(.up), clip.minY, lastY)
        let yHigh = clamp((center.y + radius).rounded(.down), clip.minY, lastY)
        for y in yLow...yHigh {
            let dy = Float(y) - center.y
            let q = radius * radius - dy * dy
            guard q >= 0 else { continue }
            let half = q.squareRoot()
            guard center.x - half <= Float(lastX), center.x + half >= Float(clip.minX) else { continue }
            let xLow = clamp((center.x - half).rounded(.up), clip.minX, lastX)
            let xHigh = clamp((center.x + half).rounded(.down), clip.minX, lastX)
            if xLow <= xHigh { body(y, xLow...xHigh) }
        }
    }

    /// Calls `body(x, y, coverage)` for every pixel in `clip` that a capsule (all points within
    /// `radius` of the segment a–b) covers at least partly; coverage is in (0, 1].
    ///
    /// Rather than test every pixel of the bounding box (a long diagonal line would test
    /// millions), each row visits only the span where it crosses the capsule. The capsule is
    /// convex, so that span is one interval: the union of the row's crossings of the two end
    /// discs and of the band between them.
    static func rasterizeCapsule(
        from a: Point2, to b: Point2, radius r: Float, clip: IntRect,
        _ body: (Int, Int, Float) -> Void
    ) {
        guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite, r.isFinite, r > 0, !clip.isEmpty else { return }
        let reach = r + 0.5  // coverage reaches zero half a pixel beyond the edge
        let lastX = clip.maxX - 1, lastY = clip.maxY - 1
        let top = Swift.min(a.y, b.y) - reach, bottom = Swift.max(a.y, b.y) + reach
        guard top <= Float(lastY), bottom >= Float(clip.minY) else { return }
        let yLow = clamp(top.rounded(.up), clip.minY, lastY)
        let yHigh = clamp(bottom.rounded(.down), clip.minY, lastY)

        let d = b - a
        let length = d.length
        let hasBand = length > 0 && length.isFinite
        let u = hasBand ? d / length : Point2(1, 0)

        for y in yLow...yHigh {
            let py = Float(y)
            var low = Float.infinity, high = -Float.infinity
            func includeEndDisc(_ end: Point2) {
                let dy = py - end.y
                let q = reach * reach - dy * dy
                if q >= 0 {
                    let half = q.squareRoot()
                    low = Swift.min(low, end.x - half)
                    high = Swift.max(high, end.x + half)
                }
            }
            includeEndDisc(a)
            includeEndDisc(b)
            if hasBand {
                // Along-axis position s = (p - a)·u must lie in 0...length and across-axis
                // offset t = (p - a)·n in -reach...reach; both are linear in x on this row.
                var bandLow = -Float.infinity, bandHigh = Float.infinity, empty = false
                func constrain(slope k: Float, intercept m: Float, _ lo: Float, _ hi: Float) {
                    if k == 0 {
                        if m < lo || m > hi { empty = true }
                        return
                    }
                    let x1 = (lo - m) / k, x2 = (hi - m) / k
                    bandLow = Swift.max(bandLow, Swift.min(x1, x2))
                    bandHigh = Swift.min(bandHigh, Swift.max(x1, x2))
                }
                let ry = py - a.y
                constrain(slope: u.x, intercept: ry * u.y - a.x * u.x, 0, length)
                constrain(slope: -u.y, intercept: ry * u.x + a.x * u.y, -reach, reach)
                if !empty && bandLow <= bandHigh {
                    low = Swift.min(low, bandLow)
                    high = Swift.max(high, bandHigh)
                }
            }
            guard low <= high, low <= Float(lastX), high >= Float(clip.minX) else { continue }
            let xLow = clamp(low.rounded(.up), clip.minX, lastX)
            let xHigh = clamp(high.rounded(.down), clip.minX, lastX)
            guard xLow <= xHigh else { continue }
            for x in xLow...xHigh {
                let p = Point2(Float(x), py)
                let fromA = p - a
                // Beside the segment, the distance is the perpendicular offset: computing it as a
                // cross product, rather than via the nearest point a + t·d, stays exact for
                // axis-aligned lines even when their ends are far outside the image.
                let along = hasBand ? fromA.dot(u) : 0
                let distance: Float
                if along <= 0 {
                    distance = fromA.length
                } else if along >= length {
                    distance = (p - b).length
                } else {
                    distance = abs(fromA.x * u.y - fromA.y * u.x)
                }
                let coverage = Swift.min(1, reach - distance)
                if coverage > 0 { body(x, y, coverage) }
            }
        }
    }
}
