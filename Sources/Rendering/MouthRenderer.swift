import FaceGeometry
import Imaging
import Motion

/// The inside of the mouth where it opens wider than in the still image.
///
/// `synthetic` draws a cavity in the character's palette: upper teeth along the upper lip, a
/// tongue low in the opening once it is wide, darkness elsewhere, shaded towards the corners.
/// `fromDriver` takes the driver's own mouth interior, warped into the character's inner-lip
/// contour, and maps its brightness through the same palette (dark cavity → tongue → teeth), so
/// the driver's teeth and tongue move as performed but look like the character's.
enum MouthRenderer {
    /// A frame of reference along the mouth: u from the inner corner on the image's left (the
    /// subject's right) to the other, v perpendicular (towards the chin).
    struct MouthFrame {
        let origin: Point2
        let axis: Point2
        let normal: Point2
        let length: Float

        init(_ a: Point2, _ b: Point2) {
            origin = a
            length = max(a.distance(to: b), 1e-3)
            axis = (b - a) / length
            normal = Point2(-axis.y, axis.x)
        }

        func local(_ p: Point2) -> Point2 { Point2((p - origin).dot(axis), (p - origin).dot(normal)) }
    }

    /// v of a polyline (local coordinates, sorted by u) at `u`.
    static func height(of line: [Point2], at u: Float) -> Float {
        guard let first = line.first, let last = line.last else { return 0 }
        if u <= first.x { return first.y }
        if u >= last.x { return last.y }
        for i in 1..<line.count where line[i].x >= u {
            let a = line[i - 1], b = line[i]
            return b.x - a.x < 1e-6 ? b.y : a.y + (u - a.x) / (b.x - a.x) * (b.y - a.y)
        }
        return last.y
    }

    /// Upper and lower inner-lip curves in the mouth frame, each sorted by u.
    static func lipCurves(_ points: [Point2], frame: MouthFrame) -> (upper: [Point2], lower: [Point2]) {
        let contour = FaceIndex.innerLips
        let upper = contour[0...10].map { frame.local(points[$0]) }.sorted { $0.x < $1.x }
        let lower = (contour[10...] + [contour[0]]).map { frame.local(points[$0]) }.sorted { $0.x < $1.x }
        return (upper, lower)
    }

    /// Draws a synthesised interior into the target inner-lip opening.
    static func synthetic(into out: inout RGBImage, points: [Point2], palette: CharacterPalette, opacity: Float) {
        let mask = CoverageMask(polygon: FaceIndex.innerLips.map { points[$0] }, width: out.width, height: out.height)
        guard mask.rect.width > 0, opacity > 0 else { return }
        let frame = MouthFrame(points[FaceIndex.innerMouthCorners.right], points[FaceIndex.innerMouthCorners.left])
        let (upper, lower) = lipCurves(points, frame: frame)
        let width = frame.length
        let widest =
            stride(from: Float(0), through: width, by: max(width / 16, 0.5))
            .map { height(of: lower, at: $0) - height(of: upper, at: $0) }.max() ?? 0
        let teethHeight = min(0.45 * widest, 0.11 * width)
        let toothWidth = width / 9
        let tongueCentre = Point2(width / 2, 0), tongueRadius = Point2(0.32 * width, max(0.35 * widest, 1))
        let teeth = palette.teeth, cavity = palette.cavity, tongue = palette.tongue
        out.blend(
            mask, alpha: { _, _ in opacity },
            sample: { x, y in
                let p = frame.local(Point2(Float(x), Float(y)))
                let top = height(of: upper, at: p.x), bottom = height(of: lower, at: p.x)
                let across = min(abs(p.x - width / 2) / (width / 2), 1)
                let cornerShade = 1 - 0.55 * across * across
                let depth = p.y - top
                if depth < teethHeight {
                    // Upper teeth: darker at the gums and between teeth.
                    let gap = abs((p.x - width / 2).truncatingRemainder(dividingBy: toothWidth))
                    let seam: Float = min(gap, toothWidth - gap) < 0.6 ? 0.82 : 1
                    let gum = min(depth / max(teethHeight * 0.3, 0.5), 1)
                    return scale(teeth, cornerShade * seam * (0.8 + 0.2 * gum))
                }
                let t = bottom > top ? (p.y - top) / (bottom - top) : 1
                let tc = Point2((p.x - tongueCentre.x) / tongueRadius.x, (bottom - p.y) / tongueRadius.y - 0.6)
                if widest > 2.5 * teethHeight, tc.x * tc.x + tc.y * tc.y < 1 {
                    return scale(tongue, cornerShade * (0.75 + 0.25 * t))
                }
                return scale(cavity, cornerShade * (0.6 + 0.4 * t))
            })
    }

    /// Draws the driver's mouth interior, warped from its inner-lip contour (`driverPoints`, in
    /// `driver` pixels) to the target's, recoloured through the character's palette.
    static func fromDriver(
        into out: inout RGBImage, points: [Point2], driver: RGBImage, driverPoints: [Point2],
        palette: CharacterPalette, opacity: Float
    ) {
        let mask = CoverageMask(polygon: FaceIndex.innerLips.map { points[$0] }, width: out.width, height: out.height)
        guard mask.rect.width > 0, opacity > 0 else { return }
        // A fan of triangles from the contour's centroid maps one opening onto the other.
        let contour = FaceIndex.innerLips
        let sourceFan = contour.map { driverPoints[$0] }, targetFan = contour.map { points[$0] }
        let sourcePoints = sourceFan + [sourceFan.reduce(Point2(0, 0), +) / Float(sourceFan.count)]
        let targetPoints = targetFan + [targetFan.reduce(Point2(0, 0), +) / Float(targetFan.count)]
        let centre = contour.count
        let fan = contour.indices.map { IndexTriangle($0, ($0 + 1) % contour.count, centre) }
        // Brightness range of the driver's interior, for the palette mapping.
        let driverMask = CoverageMask(polygon: sourceFan, width: driver.width, height: driver.height)
        var levels: [Float] = []
        for y in driverMask.rect.y..<(driverMask.rect.y + driverMask.rect.height) {
            for x in driverMask.rect.x..<(driverMask.rect.x + driverMask.rect.width) where driverMask[x, y] > 0.9 {
                let c = driver[x, y]
                levels.append(luma(FloatRGB(Float(c.r), Float(c.g), Float(c.b))))
            }
        }
        guard levels.count >= 4 else {
            synthetic(into: &out, points: points, palette: palette, opacity: opacity)
            return
        }
        levels.sort()
        let dark = levels[levels.count / 20], bright = max(levels[levels.count * 19 / 20], dark + 1)
        var warped = RGBImage(width: mask.rect.width, height: mask.rect.height)
        let shift = Point2(Float(mask.rect.x), Float(mask.rect.y))
        MeshWarp.draw(
            source: driver, sourcePoints: sourcePoints, targetPoints: targetPoints.map { $0 - shift },
            triangles: fan, into: &warped)
        let cavity = palette.cavity, tongue = palette.tongue, teeth = palette.teeth
        out.blend(
            mask, alpha: { _, _ in opacity },
            sample: { x, y in
                let c = warped[x - mask.rect.x, y - mask.rect.y]
                let t = min(max((luma(FloatRGB(Float(c.r), Float(c.g), Float(c.b))) - dark) / (bright - dark), 0), 1)
                return t < 0.5 ? mix(cavity, tongue, t * 2) : mix(tongue, teeth, (t - 0.5) * 2)
            })
    }
}
