import FaceGeometry
import Foundation
import Imaging
import Motion

/// The inside of the mouth where it opens wider than in the still image.
///
/// `synthetic` draws a cavity in the character's palette: upper teeth along the upper lip, a
/// tongue low in the opening once it is wide, darkness elsewhere, shaded towards the corners.
/// `fromDriver` takes the driver's own mouth interior, warped into the character's inner-lip
/// contour, and carries its colours from the driver's face to the character's
/// (`ColourTransfer`), so the driver's teeth, tongue and throat move as performed, keep their
/// own light and dark, and take the character's tones.
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

    /// The mouth frame between the inner lip corners of `points`.
    static func frame(_ points: [Point2]) -> MouthFrame {
        MouthFrame(points[FaceIndex.innerMouthCorners.right], points[FaceIndex.innerMouthCorners.left])
    }

    /// Upper and lower inner-lip curves in the mouth frame, each sorted by u.
    static func lipCurves(_ points: [Point2], frame: MouthFrame) -> (upper: [Point2], lower: [Point2]) {
        let contour = FaceIndex.innerLips
        let upper = contour[0...10].map { frame.local(points[$0]) }.sorted { $0.x < $1.x }
        let lower = (contour[10...] + [contour[0]]).map { frame.local(points[$0]) }.sorted { $0.x < $1.x }
        return (upper, lower)
    }

    /// Where each tooth of the upper row ends, from the middle of the arch (0) to its corner (1):
    /// central and lateral incisors, canine, premolars, molars. Positions are along the arch,
    /// which turns away from the viewer towards the corners, so the teeth narrow there.
    static let toothEdges: [Float] = [0, 0.17, 0.31, 0.44, 0.56, 0.67, 0.78, 0.89, 1]
    /// Each tooth's height as a share of the row's (the canines are long, the back teeth hide).
    static let toothHeights: [Float] = [1, 0.88, 0.95, 0.82, 0.76, 0.68, 0.6, 0.5]

    /// The upper tooth at `s` across the mouth (0 at one inner corner, 1 at the other): its index
    /// from the middle and where in it `s` lies (0 and 1 at its edges).
    static func tooth(at s: Float) -> (index: Int, within: Float) {
        // The arch seen from the front: as far round as 0.98 of a half circle's side.
        let arch = abs(asin(min(max((s - 0.5) * 2, -1), 1) * 0.98)) / asin(0.98)
        let index = min(toothEdges.lastIndex { $0 <= arch } ?? 0, toothHeights.count - 1)
        return (index, (arch - toothEdges[index]) / (toothEdges[index + 1] - toothEdges[index]))
    }

    /// The upper teeth's visible height, as a share of the inner mouth's width: an upper
    /// incisor shows about a fifth of a relaxed mouth's width, a little less in a wide smile.
    static let upperTeethShare: Float = 0.19
    /// The lower teeth's, which the lower lip covers more of.
    static let lowerTeethShare: Float = 0.08
    /// Of the opening's height at its widest, the most the upper teeth take (they hang from
    /// the upper lip and the jaw drops away from them), and the most the lower teeth take of
    /// what is left below the upper row.
    static let upperTeethOfOpening: Float = 0.7, lowerTeethOfRest: Float = 0.5

    /// The lower tooth at `s` across the mouth: the lower incisors are narrower than the upper
    /// ones, so the same arch holds more of them across the same width.
    static func lowerTooth(at s: Float) -> (index: Int, within: Float) {
        tooth(at: 0.5 + (s - 0.5) / 0.78)
    }

    /// Draws a synthesised interior into the target inner-lip opening: a row of upper teeth, each
    /// its own width and height, with dark gaps between them and the upper lip's shadow over their
    /// roots; once the lips part past the upper row, the tops of the lower teeth along the lower
    /// lip, in its shadow; between them the cavity, darkest behind the teeth and warmer at the
    /// lips' walls; a tongue with a soft edge once the mouth is wide; and the still's own grain
    /// over it all, so that it does not read as a sticker on a photograph.
    ///
    /// The rows have sizes of their own, not shares of the opening: a smile that parts the lips
    /// a little shows mostly teeth, as a real one does, and only a jaw that drops opens the dark
    /// between them (the rows at a fixed share of the opening read as a shout on every smile).
    ///
    /// `teeth`: how much of its teeth the driver shows (`TeethShown`); both rows' heights are
    /// scaled by it, so lips that cover the teeth in the driver's "oh" leave the dark.
    static func synthetic(
        into out: inout RGBImage, points: [Point2], palette: CharacterPalette, opacity: Float, teeth shown: TeethShown = .full
    ) {
        let mask = CoverageMask(polygon: FaceIndex.innerLips.map { points[$0] }, width: out.width, height: out.height)
        guard mask.rect.width > 0, opacity > 0 else { return }
        let frame = MouthFrame(points[FaceIndex.innerMouthCorners.right], points[FaceIndex.innerMouthCorners.left])
        let (upper, lower) = lipCurves(points, frame: frame)
        let width = frame.length
        let widest =
            stride(from: Float(0), through: width, by: max(width / 16, 0.5))
            .map { height(of: lower, at: $0) - height(of: upper, at: $0) }.max() ?? 0
        let fullRow = min(upperTeethOfOpening * widest, upperTeethShare * width)
        let teethHeight = shown.share * fullRow
        let lowerHeight = shown.share * min(lowerTeethOfRest * max(widest - teethHeight - 0.03 * width, 0), lowerTeethShare * width)
        let tongueRadius = Point2(0.34 * width, max(0.4 * widest, 1))
        let teeth = palette.teeth, cavity = palette.cavity, tongue = palette.tongue
        let walls = scale(palette.lips, 0.5)
        let grain = palette.grain
        out.blend(
            mask, alpha: { _, _ in opacity },
            sample: { x, y in
                let p = frame.local(Point2(Float(x), Float(y)))
                let top = height(of: upper, at: p.x), bottom = height(of: lower, at: p.x)
                let s = p.x / width
                let across = min(abs(s - 0.5) * 2, 1)
                let cornerShade = 1 - 0.5 * across * across
                let depth = p.y - top, rise = bottom - p.y
                // The lips shade the opening's rim.
                let rim = smoothstep(0, max(0.08 * widest, 1), min(depth, rise))
                var colour: FloatRGB
                let (index, within) = tooth(at: s)
                let edgeCurve = 1 - 0.12 * (2 * within - 1) * (2 * within - 1)
                let toothBottom = teethHeight * toothHeights[index] * edgeCurve
                let (lowerIndex, lowerWithin) = lowerTooth(at: s)
                let lowerCurve = 1 - 0.15 * (2 * lowerWithin - 1) * (2 * lowerWithin - 1)
                let lowerTop = lowerHeight * toothHeights[lowerIndex] * lowerCurve
                if depth < toothBottom {
                    let gap = 0.72 + 0.28 * smoothstep(0, 0.12, min(within, 1 - within))
                    let lipShadow = 0.7 + 0.3 * smoothstep(0, 0.3 * teethHeight, depth)
                    let edge = 1 - 0.12 * smoothstep(0.7 * toothBottom, toothBottom, depth)
                    colour = scale(teeth, cornerShade * gap * lipShadow * edge)
                } else if rise < lowerTop {
                    // Further back and under the lower lip's shadow: darker than the upper row,
                    // darkest at the lip.
                    let gap = 0.75 + 0.25 * smoothstep(0, 0.14, min(lowerWithin, 1 - lowerWithin))
                    let lipShadow = 0.55 + 0.3 * smoothstep(0, 0.8 * lowerTop, rise)
                    colour = scale(teeth, 0.8 * cornerShade * gap * lipShadow)
                } else {
                    // Down the cavity: darkest just behind the teeth, lighter towards the lower lip.
                    let t = bottom > top ? min(max((p.y - top) / (bottom - top), 0), 1) : 1
                    colour = scale(mix(cavity, walls, 0.35 * t + 0.4 * across), cornerShade * (0.75 + 0.25 * t))
                    let tc = Point2((p.x - width / 2) / tongueRadius.x, (bottom - p.y) / tongueRadius.y - 0.55)
                    let r2 = tc.x * tc.x + tc.y * tc.y
                    if widest > 2.5 * fullRow, r2 < 1 {
                        // The tongue's top catches the light; its sides fall into the dark.
                        let lit = (0.7 + 0.3 * max(0, -tc.y + 0.2)) * (1 - 0.3 * tc.x * tc.x)
                        colour = mix(colour, scale(tongue, lit * cornerShade), smoothstep(1, 0.6, r2))
                    }
                }
                colour = scale(colour, 0.6 + 0.4 * rim)
                guard grain > 0 else { return colour }
                let n = grain * grainNoise(x, y)
                return FloatRGB(colour.r + n, colour.g + n, colour.b + n)
            })
    }

    /// Draws the driver's mouth interior, warped from its inner-lip contour (`driverPoints`, in
    /// `driver` pixels) to the target's, its colours carried from the driver's palette (measured
    /// on this frame) to the character's.
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
        let driverMask = CoverageMask(polygon: sourceFan, width: driver.width, height: driver.height)
        guard driverMask.area >= 4 else {
            synthetic(into: &out, points: points, palette: palette, opacity: opacity)
            return
        }
        let driverPalette = CharacterPalette(image: driver, points: driverPoints)
        let transfer = ColourTransfer(from: driverPalette, to: palette)
        // The driver's own grain comes along, shrunk or spread by the change of size; what the
        // still has beyond it is added, so the mouth is not smoother than the face around it.
        let enlargement = frame(points).length / max(frame(driverPoints).length, 1)
        let grain = (max(palette.grain * palette.grain - pow(driverPalette.grain / max(enlargement, 1), 2), 0)).squareRoot()
        var warped = RGBImage(width: mask.rect.width, height: mask.rect.height)
        let shift = Point2(Float(mask.rect.x), Float(mask.rect.y))
        MeshWarp.draw(
            source: driver, sourcePoints: sourcePoints, targetPoints: targetPoints.map { $0 - shift },
            triangles: fan, into: &warped)
        out.blend(
            mask, alpha: { _, _ in opacity },
            sample: { x, y in
                let c = warped[x - mask.rect.x, y - mask.rect.y]
                let colour = transfer.apply(FloatRGB(Float(c.r), Float(c.g), Float(c.b)))
                guard grain > 0 else { return colour }
                let n = grain * grainNoise(x, y)
                return FloatRGB(colour.r + n, colour.g + n, colour.b + n)
            })
    }
}

/// 0 below `a`, 1 above `b`, smooth between (either order).
@inline(__always) func smoothstep(_ a: Float, _ b: Float, _ x: Float) -> Float {
    let t = min(max((x - a) / (b - a), 0), 1)
    return t * t * (3 - 2 * t)
}

/// Fixed noise per pixel with unit standard deviation (a uniform spread of ±√3): the grain a
/// drawn region gets so that it matches the picture around it.
@inline(__always) func grainNoise(_ x: Int, _ y: Int) -> Float {
    var h = UInt32(truncatingIfNeeded: x &* 73_856_093 ^ y &* 19_349_663)
    h = (h ^ (h >> 13)) &* 1_274_126_177
    h ^= h >> 16
    return (Float(h & 0xFFFF) / 65535 - 0.5) * 3.4641
}
