import FaceGeometry
import Imaging

/// The inside of a mouth that the still (or a character clip's frame) shows open, redrawn as a
/// real mouth moves: the upper teeth stay with the upper lip and the lower teeth with the lower
/// lip, each at its own size, and the mouth's dark opens between them.
///
/// The mesh warp alone stretches the interior with the lips' gap: teeth become white streaks as
/// the lips part further than in the still, and a clip frame that laughs keeps its laugh's
/// teeth wide open under the driver's quieter mouth. Here every row of the target opening is
/// taken from the still by its distance from the nearer lip (in the still's pixels, so nothing
/// is stretched across the mouth); what lies further from both lips than the still's own
/// half-gap is the cavity.
struct OpenMouthInterior {
    /// The still's mouth frame and inner-lip curves in it.
    let frame: MouthRenderer.MouthFrame
    let upper: [Point2]
    let lower: [Point2]
    /// The colours of the mouth's dark and of the tongue's back in it.
    let cavity: FloatRGB
    let tongue: FloatRGB

    /// How far, in the still's pixels, the cavity fades in from the teeth's edge: enough to hide
    /// the seam between sampled teeth and the flat dark.
    static let cavityFade: Float = 2.5

    init(stillPoints: [Point2], palette: CharacterPalette) {
        frame = MouthRenderer.MouthFrame(
            stillPoints[FaceIndex.innerMouthCorners.right], stillPoints[FaceIndex.innerMouthCorners.left])
        (upper, lower) = MouthRenderer.lipCurves(stillPoints, frame: frame)
        cavity = palette.cavity
        tongue = palette.tongue
    }

    /// Where a target pixel's colour comes from.
    enum Source {
        /// The still's pixel at this point (on a lip's teeth or tongue).
        case still(Point2)
        /// The cavity between the still's teeth, `depth` down it (0 at the upper teeth, 1 at
        /// the lower), `into` it from the nearer teeth (0 at their edge, 1 once past the fade).
        case cavity(depth: Float, into: Float, still: Point2)
    }

    /// The source of a target point at `u` along the target mouth, `fromUpper` below its upper
    /// lip and `fromLower` above its lower lip (both in target pixels, `scale` still pixels each).
    func source(u: Float, fromUpper: Float, fromLower: Float, scale: Float) -> Source {
        let us = min(max(u * scale, 0), frame.length)
        let top = MouthRenderer.height(of: upper, at: us), bottom = MouthRenderer.height(of: lower, at: us)
        let halfGap = max(bottom - top, 0) / 2
        let d = fromUpper * scale, e = fromLower * scale
        let v = d <= e ? top + min(d, halfGap) : bottom - min(e, halfGap)
        let point = frame.origin + frame.axis * us + frame.normal * v
        let beyond = min(d, e) - halfGap
        guard beyond > 0 else { return .still(point) }
        let band = d + e - 2 * halfGap
        return .cavity(depth: (d - halfGap) / max(band, 1e-3), into: min(beyond / Self.cavityFade, 1), still: point)
    }

    /// Redraws the target opening (`points`' inner lips) from `texture`, the still's pixels.
    func draw(into out: inout RGBImage, from texture: RGBImage, points: [Point2]) {
        let mask = CoverageMask(polygon: FaceIndex.innerLips.map { points[$0] }, width: out.width, height: out.height)
        guard mask.rect.width > 0 else { return }
        let target = MouthRenderer.MouthFrame(points[FaceIndex.innerMouthCorners.right], points[FaceIndex.innerMouthCorners.left])
        let (targetUpper, targetLower) = MouthRenderer.lipCurves(points, frame: target)
        let stillPerTarget = frame.length / target.length
        let cavity = cavity, tongue = tongue
        out.blend(
            mask, alpha: { _, _ in 1 },
            sample: { x, y in
                let p = target.local(Point2(Float(x), Float(y)))
                let top = MouthRenderer.height(of: targetUpper, at: p.x)
                let bottom = MouthRenderer.height(of: targetLower, at: p.x)
                switch source(u: p.x, fromUpper: max(p.y - top, 0), fromLower: max(bottom - p.y, 0), scale: stillPerTarget) {
                case .still(let q):
                    return texture.sampleBilinear(at: q)
                case .cavity(let depth, let into, let q):
                    // Darker towards the corners, where the cheeks shade the opening, and under
                    // the upper teeth; the tongue's back shows low in the middle.
                    let across = min(abs(p.x / target.length - 0.5) * 2, 1)
                    let shade = (1 - 0.45 * across * across) * (0.6 + 0.4 * depth)
                    let rise = min(max((depth - 0.3) / 0.5, 0), 1)
                    let tongueShare = rise * rise * (3 - 2 * rise) * max(0, 1 - across * across * 1.4)
                    let dark = scale(mix(cavity, tongue, 0.85 * tongueShare), shade)
                    return into >= 1 ? dark : mix(texture.sampleBilinear(at: q), dark, into)
                }
            })
    }
}
