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
        /// The still opening's coverage, to know which still pixels show iris (the rest is lid).
        var stillOpening: CoverageMask
        /// The mean iris colour, for parts the lids hid in the still.
        var colour: FloatRGB
    }

    /// The replaced disc reaches a little beyond the iris landmarks' radius, which runs small.
    static let discFactor: Float = 1.15

    let irises: [Iris]

    init(image: RGBImage, points: [Point2]) {
        irises = FaceIndex.eyes.map { eye in
            let centre = points[eye.iris[0]]
            let radius = IrisGeometry.radius(points, eye)
            let opening = CoverageMask(polygon: eye.opening.map { points[$0] }, width: image.width, height: image.height)
            var sum = FloatRGB(0, 0, 0), n: Float = 0
            for y in opening.rect.y..<(opening.rect.y + opening.rect.height) {
                for x in opening.rect.x..<(opening.rect.x + opening.rect.width)
                where opening[x, y] > 0.9 && Point2(Float(x), Float(y)).distance(to: centre) < radius {
                    let c = image[x, y]
                    sum = FloatRGB(sum.r + Float(c.r), sum.g + Float(c.g), sum.b + Float(c.b))
                    n += 1
                }
            }
            return Iris(
                eye: eye, centre: centre, radius: radius, stillOpening: opening,
                colour: n > 0 ? scale(sum, 1 / n) : FloatRGB(90, 70, 50))
        }
    }

    /// The still image with each iris disc painted over in the eye-white colour where the
    /// opening fully covers it (partly covered edge pixels keep their colour, so an unmoved eye
    /// comes back exactly when the iris is drawn again).
    func cleaned(_ image: RGBImage, sclera: FloatRGB) -> RGBImage {
        var out = image
        for iris in irises {
            let r = iris.radius * Self.discFactor
            let mask = iris.stillOpening
            for y in mask.rect.y..<(mask.rect.y + mask.rect.height) {
                for x in mask.rect.x..<(mask.rect.x + mask.rect.width)
                where mask[x, y] >= 0.999 && Point2(Float(x), Float(y)).distance(to: iris.centre) <= r {
                    out[x, y] = sclera.rgb
                }
            }
        }
        return out
    }

    /// Draws each iris into `out` at its target place: `points` are the frame's 478 target
    /// positions, `scale` the head's size now relative to the still.
    func drawIrises(into out: inout RGBImage, from still: RGBImage, points: [Point2], scale headScale: Float) {
        for iris in irises {
            let target = points[iris.eye.iris[0]]
            let opening = CoverageMask(polygon: iris.eye.opening.map { points[$0] }, width: out.width, height: out.height)
            guard opening.rect.width > 0 else { continue }
            let r = iris.radius * Self.discFactor * headScale
            let inverse = 1 / max(headScale, 1e-3)
            out.blend(
                opening,
                alpha: { x, y in
                    // Soft disc edge, one pixel wide.
                    let d = Point2(Float(x), Float(y)).distance(to: target)
                    return min(max(r + 0.5 - d, 0), 1)
                },
                sample: { x, y in
                    let s = iris.centre + (Point2(Float(x), Float(y)) - target) * inverse
                    if iris.stillOpening[Int(s.x.rounded()), Int(s.y.rounded())] > 0.5 { return still.sampleBilinear(at: s) }
                    // Hidden under a lid in the still: irises are nearly symmetric top to bottom.
                    let mirrored = Point2(s.x, 2 * iris.centre.y - s.y)
                    if iris.stillOpening[Int(mirrored.x.rounded()), Int(mirrored.y.rounded())] > 0.5 {
                        return still.sampleBilinear(at: mirrored)
                    }
                    return iris.colour
                })
        }
    }
}
