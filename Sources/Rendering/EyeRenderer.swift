import FaceGeometry
import Imaging
import Motion

/// Eyes that blink and look around without smearing their whites: the irises are lifted out of
/// the still image once (`cleaned`), the mesh warps the iris-free eye, and each iris is drawn
/// back at its new place, clipped to the new lid opening.
struct EyeRenderer: Sendable {
    struct Iris: Sendable {
        var eye: FaceIndex.Eye
        /// In the still image.
        var centre: Point2
        var radius: Float
        /// The disc lifted out and drawn back: a little beyond the landmarks' radius, which runs
        /// small, and beyond the iris's edge where the picture shows one (`IrisEdge`)...
        var discRadius: Float
        /// ...around a centre this far from the landmarks' (pixels in the still, along x).
        var discOffset: Point2
        var discCentre: Point2 { centre + discOffset }
        /// The still opening's coverage, to know which still pixels show iris (the rest is lid):
        /// the mesh's, taken down to a drawn eye's lid line (`rim`).
        var stillOpening: CoverageMask
        /// How far a drawn eye's opening reaches below the mesh's lower lid.
        var rim: DrawnLidRim
        /// Mean gap of the three middle lid pairs in the still, in pixels: the rim closes with it.
        var stillGap: Float
        /// The mean iris colour, for parts the lids hid in the still.
        var colour: FloatRGB

        /// How far from a lid's edge its margin reaches: a pixel and a half, less on a small eye
        /// (a quarter of the iris's radius), where the margin is a smaller share of the opening
        /// and taking it out left the eye looking more open than the still's (s20, 2 px irises).
        var margin: Float { min(1.5, 0.25 * radius) }

        /// Whether the still's pixel at `p` can be drawn at a target pixel whose opening is
        /// `targetUp` and `targetDown` about `margin` above and below it: inside the still's
        /// opening, and not by its upper or lower lid's margin unless the target pixel is as near
        /// that lid. The margin and its shadow, drawn into an opening a little wider than the
        /// still's, showed as a dark line along the lower lid.
        func showsEye(at p: Point2, targetUp: Float, targetDown: Float) -> Bool {
            let x = Int(p.x.rounded())
            guard stillOpening[x, Int(p.y.rounded())] > 0.99 else { return false }
            let byUpper = stillOpening[x, Int((p.y - margin).rounded())] <= 0.5
            let byLower = stillOpening[x, Int((p.y + margin).rounded())] <= 0.5
            return (!byUpper || targetUp <= 0.5) && (!byLower || targetDown <= 0.5)
        }
    }

    /// The replaced disc reaches at least this far beyond the iris landmarks' radius, which runs small.
    static let discFactor: Float = 1.15

    let irises: [Iris]

    init(image: RGBImage, points: [Point2]) {
        irises = FaceIndex.eyes.map { eye in
            let centre = points[eye.iris[0]]
            let landmarkRadius = IrisGeometry.radius(points, eye)
            let rim = DrawnLidRim(eye, points: points, image: image)
            let opening = CoverageMask(polygon: rim.opening(eye, points: points, scale: 1), width: image.width, height: image.height)
            let edge = IrisEdge.circle(in: image, centre: centre, landmarkRadius: landmarkRadius, opening: opening)
            // Never smaller than the landmarks say; the disc covers the iris's edge wherever it is.
            let radius = max(landmarkRadius, edge?.radius ?? 0)
            let offset = Point2(edge?.offsetX ?? 0, 0)
            var sum = FloatRGB(0, 0, 0), n: Float = 0
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width)
                where opening[x, y] > 0.9 && Point2(Float(x), Float(y)).distance(to: centre + offset) < radius {
                    let c = image[x, y]
                    sum = FloatRGB(sum.r + Float(c.r), sum.g + Float(c.g), sum.b + Float(c.b))
                    n += 1
                }
            }
            return Iris(
                eye: eye, centre: centre, radius: radius,
                discRadius: max(landmarkRadius * Self.discFactor, (edge?.radius ?? 0) + 1), discOffset: offset,
                stillOpening: opening, rim: rim, stillGap: EyelidSkin.gap(points, eye),
                colour: n > 0 ? scale(sum, 1 / n) : FloatRGB(90, 70, 50))
        }
    }

    /// The still image with each iris disc painted over in the eye white beside it where the
    /// opening fully covers it (`EyeWhiteFill`; partly covered edge pixels keep their colour, so
    /// an unmoved eye comes back exactly when the iris is drawn again).
    func cleaned(_ image: RGBImage, sclera: FloatRGB) -> RGBImage {
        var out = image
        for iris in irises {
            EyeWhiteFill.paint(
                &out, from: image, centre: iris.discCentre, radius: iris.discRadius, opening: iris.stillOpening,
                sclera: sclera)
        }
        return out
    }

    /// Draws each iris into `out` at its target place: `points` are the frame's 478 target
    /// positions, `scale` the head's size now relative to the still.
    func drawIrises(into out: inout RGBImage, from still: RGBImage, points: [Point2], scale headScale: Float) {
        for iris in irises {
            let target = points[iris.eye.iris[0]]
            let discTarget = target + iris.discOffset * headScale
            // The drawn rim below the lid closes with the lids.
            let gap = EyelidSkin.gap(points, iris.eye) / max(iris.stillGap * headScale, 1e-3)
            let polygon = iris.rim.opening(iris.eye, points: points, scale: headScale * min(max(gap, 0), 1))
            let opening = CoverageMask(polygon: polygon, width: out.width, height: out.height)
            guard opening.rect.width > 0 else { continue }
            let r = iris.discRadius * headScale
            let inverse = 1 / max(headScale, 1e-3)
            out.blend(
                opening,
                alpha: { x, y in
                    // Opaque over the whole cleaned disc, with a soft edge a pixel beyond it: a
                    // partly drawn disc edge over the cleaned eye white left a pale ring.
                    let d = Point2(Float(x), Float(y)).distance(to: discTarget)
                    return min(max(r + 1.5 - d, 0), 1)
                },
                sample: { x, y in
                    let s = iris.centre + (Point2(Float(x), Float(y)) - target) * inverse
                    let reach = Int((iris.margin * headScale).rounded(.up))
                    let up = opening[x, y - reach], down = opening[x, y + reach]
                    if iris.showsEye(at: s, targetUp: up, targetDown: down) { return still.sampleBilinear(at: s) }
                    // Just within a lid's margin (the lids a pixel away from the still's): the
                    // iris a margin further from that lid. Mirrored from the far side instead,
                    // it took the upper lid's lashes into the lower iris as dark dashes on big
                    // drawn eyes, whose iris runs past the mesh's lid contour.
                    for nudge in [-(iris.margin + 0.5), iris.margin + 0.5] {
                        let near = Point2(s.x, s.y + nudge)
                        if iris.showsEye(at: near, targetUp: up, targetDown: down) { return still.sampleBilinear(at: near) }
                    }
                    // Hidden under a lid in the still: irises are nearly symmetric top to bottom,
                    // and nearly the same all round at one radius, so the same radius is taken
                    // from the other side, or turned towards the side where the lids leave it open.
                    let mirrored = Point2(s.x, 2 * iris.discCentre.y - s.y)
                    if iris.showsEye(at: mirrored, targetUp: 1, targetDown: 1) { return still.sampleBilinear(at: mirrored) }
                    let offset = s - iris.discCentre
                    let radius = offset.length, side: Float = offset.x < 0 ? -1 : 1
                    for share in [Float(0.75), 0.5, 0.25, 0] {
                        let dy = offset.y * share
                        let turned = iris.discCentre + Point2(side * max(radius * radius - dy * dy, 0).squareRoot(), dy)
                        if iris.showsEye(at: turned, targetUp: 1, targetDown: 1) { return still.sampleBilinear(at: turned) }
                    }
                    return iris.colour
                })
        }
    }
}
