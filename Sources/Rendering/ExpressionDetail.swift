import FaceGeometry
import Imaging
import Motion

/// The driver's expression creases on the character: the folds beside a smiling mouth, forehead
/// lines under raised brows, crow's feet. A warp only moves the still's pixels, so it cannot make
/// a crease the still never showed ("Bringing Portraits to Life" transfers these the same way).
///
/// The driver's face now and in its reference frame are both mapped into the character's face as
/// it is drawn (per face triangle, through the landmarks), where the ratio of their brightness is
/// what the expression changed: below 1 in a new fold, 1 where nothing changed. Lighting that
/// changes as the driver's head turns is slow across the face, so the ratio is divided by its own
/// wide blur and only the fine part is kept. The character's pixels are multiplied by that, so a
/// crease darkens the character's own colours, whatever they are. Only where faces crease
/// (`zoneWeights`): elsewhere the ratio is mostly the driver's lighting.
///
/// It suits photographs: on a painting or a 3D cartoon a photographed forehead line looks drawn
/// on, so `actone render` leaves it off unless asked (`--detail`).
public struct ExpressionDetail: Sendable {
    /// The driver's reference frame: brightness (0...255) and landmarks in its pixels.
    let reference: FloatPlane
    let referencePoints: [Point2]
    /// How strongly the creases are drawn (1: as in the driver).
    public var strength: Float
    /// The ratio kept within these bounds: a mis-tracked frame cannot paint black or white.
    /// Creases darken; brightening is mostly a brow or lid edge a pixel off between the two
    /// driver frames, and showed as pale arcs above the brows, so little of it is let through.
    public static let ratioRange: ClosedRange<Float> = 0.6...1.05
    /// Fine blur (fraction of the inter-ocular distance): removes sensor noise and the last pixel
    /// of misregistration between the two driver frames.
    public static let fineRadius: Float = 0.012
    /// Wide blur: lighting changes slower than this are left out.
    public static let wideRadius: Float = 0.08

    /// - Parameters:
    ///   - image: the driver's reference frame (what the character's still is taken to show).
    ///   - points: the driver's landmarks in that frame, in its pixels (at least 468).
    public init(reference image: RGBImage, points: [Point2], strength: Float = 1) {
        reference = image.lumaPlane()
        referencePoints = points
        self.strength = strength
    }

    /// Multiplies the creases the driver shows in `driver` (with landmarks `driverPoints`) into
    /// `out`, whose face is drawn at `points` (the character's landmarks this frame). `triangles`
    /// are the rig's in painting order, far to near; only the face's (all corners below 468) are
    /// used, so on a turned head the near side's mapping wins.
    public func apply(
        into out: inout RGBImage, points: [Point2], triangles: [IndexTriangle],
        driver: RGBImage, driverPoints: [Point2]
    ) {
        guard strength > 0, points.count >= 468, driverPoints.count >= 468, referencePoints.count >= 468,
            let box = Rect.bounding(Array(points.prefix(468)))
        else { return }
        let iod = points[FaceIndex.rightEye.outerCorner].distance(to: points[FaceIndex.leftEye.outerCorner])
        guard iod > 4, iod.isFinite else { return }
        let pad = 2
        let x0 = max(0, Int(box.x) - pad), y0 = max(0, Int(box.y) - pad)
        let x1 = min(out.width, Int((box.x + box.width).rounded(.up)) + pad)
        let y1 = min(out.height, Int((box.y + box.height).rounded(.up)) + pad)
        guard x0 < x1, y0 < y1 else { return }
        let rect = IntRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)

        var now = FloatPlane(width: rect.width, height: rect.height)
        var then = FloatPlane(width: rect.width, height: rect.height)
        var inside = FloatPlane(width: rect.width, height: rect.height)
        var zone = FloatPlane(width: rect.width, height: rect.height)
        sample(
            driver: driver, driverPoints: driverPoints, points: points, triangles: triangles, rect: rect,
            now: &now, then: &then, inside: &inside, zone: &zone)

        let fine = max(1, Int((Self.fineRadius * iod).rounded()))
        let wide = max(2, Int((Self.wideRadius * iod).rounded()))
        let range = Self.ratioRange
        // Blurs weighted by `inside`, so pixels outside the face (background, a far cheek's
        // silhouette) do not bleed into the ratio.
        let softNow = BoxBlur.weighted(now, weight: inside, radius: fine)
        let softThen = BoxBlur.weighted(then, weight: inside, radius: fine)
        var ratio = FloatPlane(width: rect.width, height: rect.height)
        for i in ratio.values.indices { ratio.values[i] = (softNow.values[i] + 8) / (softThen.values[i] + 8) }
        let trend = BoxBlur.weighted(ratio, weight: inside, radius: wide)

        out.pixels.withUnsafeMutableBufferPointer { px in
            for y in 0..<rect.height {
                for x in 0..<rect.width {
                    let i = y * rect.width + x
                    let weight = zone.values[i]
                    guard weight > 0, trend.values[i] > 0 else { continue }
                    let detail = min(max(ratio.values[i] / trend.values[i], range.lowerBound), range.upperBound)
                    let gain = 1 + strength * weight * (detail - 1)
                    let o = ((rect.y + y) * out.width + rect.x + x) * 3
                    for k in 0..<3 {
                        let v = Float(px[o + k]) * gain + 0.5
                        px[o + k] = v >= 255 ? 255 : UInt8(v)
                    }
                }
            }
        }
    }

    /// Per pixel of `rect` inside a face triangle: the driver's brightness now (`now`) and in the
    /// reference frame (`then`) at the matching place, and 1 in `inside`.
    func sample(
        driver: RGBImage, driverPoints: [Point2], points: [Point2], triangles: [IndexTriangle], rect: IntRect,
        now: inout FloatPlane, then: inout FloatPlane, inside: inout FloatPlane, zone: inout FloatPlane
    ) {
        driver.pixels.withUnsafeBufferPointer { cur in
            reference.values.withUnsafeBufferPointer { ref in
                let current = BilinearLuma(pixels: cur, width: driver.width, height: driver.height)
                let earlier = BilinearPlane(values: ref, width: reference.width, height: reference.height)
                for t in triangles where t.a < 468 && t.b < 468 && t.c < 468 {
                    let target = (points[t.a], points[t.b], points[t.c])
                    guard abs(MeshWarp.cross(target.1 - target.0, target.2 - target.0)) > 1e-6,
                        let toNow = Affine2D(mapping: target, to: (driverPoints[t.a], driverPoints[t.b], driverPoints[t.c])),
                        let toThen = Affine2D(mapping: target, to: (referencePoints[t.a], referencePoints[t.b], referencePoints[t.c])),
                        let toZone = Affine2D(
                            mapping: target,
                            to: (
                                Point2(Self.zoneWeights[t.a], 0), Point2(Self.zoneWeights[t.b], 0),
                                Point2(Self.zoneWeights[t.c], 0)
                            ))
                    else { continue }
                    MeshWarp.fill(triangle: target, width: rect.x + rect.width, height: rect.y + rect.height) { y, xa, xb in
                        guard y >= rect.y else { return }
                        let from = max(xa, rect.x)
                        guard from < xb else { return }
                        let row = (y - rect.y) * rect.width - rect.x
                        for x in from..<xb {
                            let p = Point2(Float(x), Float(y))
                            now.values[row + x] = current.sample(toNow.apply(p))
                            then.values[row + x] = earlier.sample(toThen.apply(p))
                            inside.values[row + x] = 1
                            zone.values[row + x] = toZone.apply(p).x
                        }
                    }
                }
            }
        }
    }

    /// How much of the driver's change each landmark takes (0...1), by where it sits on the
    /// canonical face (outer eye corners 1 apart, y up): the places expressions crease (forehead
    /// and the space between the brows, the crow's feet beyond the eyes, the folds from the nose's
    /// wings past the mouth's corners). Elsewhere the ratio is mostly the driver's lighting
    /// moving over the nose and cheeks as the head turns, which the character's own shading
    /// already shows. The eyes, lips and the face's outline take 0, so the zones fade out
    /// towards them across their triangles.
    static let zoneWeights: [Float] = {
        func ramp(_ v: Float, _ from: Float, _ to: Float) -> Float { min(max((v - from) / (to - from), 0), 1) }
        func segmentDistance(_ p: Point2, _ a: Point2, _ b: Point2) -> Float {
            let ab = b - a
            let t = min(max((p - a).dot(ab) / max(ab.dot(ab), 1e-9), 0), 1)
            return p.distance(to: a + ab * t)
        }
        var weights = (0..<468).map { i -> Float in
            let c = CanonicalFace.coordinates
            let p = Point2(c[3 * i], c[3 * i + 1]), side = abs(p.x)
            let forehead = ramp(p.y, 0.42, 0.5)
            let crowsFeet = ramp(side, 0.48, 0.58) * ramp(p.y, 0.1, 0.2) * (1 - ramp(p.y, 0.5, 0.6))
            let fold = 1 - ramp(segmentDistance(Point2(side, p.y), Point2(0.27, -0.03), Point2(0.35, -0.42)), 0.04, 0.12)
            return max(forehead, crowsFeet, fold)
        }
        let excluded =
            FaceIndex.faceOval + FaceIndex.outerLips + FaceIndex.innerLips
            + FaceIndex.eyes.flatMap { $0.opening }
        for i in excluded { weights[i] = 0 }
        return weights
    }()
}

/// Bilinear brightness (Rec. 601 luma, 0...255) from interleaved RGB bytes, clamped to the edge.
struct BilinearLuma {
    let pixels: UnsafeBufferPointer<UInt8>
    let width: Int
    let height: Int

    @inline(__always) func sample(_ p: Point2) -> Float {
        @inline(__always) func luma(_ i: Int) -> Float {
            0.299 * Float(pixels[3 * i]) + 0.587 * Float(pixels[3 * i + 1]) + 0.114 * Float(pixels[3 * i + 2])
        }
        let t = BilinearTap(p, width: width, height: height)
        return t.mix(luma(t.i00), luma(t.i10), luma(t.i01), luma(t.i11))
    }
}

/// Bilinear reads from a `FloatPlane`'s values, clamped to the edge.
struct BilinearPlane {
    let values: UnsafeBufferPointer<Float>
    let width: Int
    let height: Int

    @inline(__always) func sample(_ p: Point2) -> Float {
        let t = BilinearTap(p, width: width, height: height)
        return t.mix(values[t.i00], values[t.i10], values[t.i01], values[t.i11])
    }
}
