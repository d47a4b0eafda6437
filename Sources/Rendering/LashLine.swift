import Imaging

/// The lash line of a closing eye, drawn in the frame itself along a smooth curve through the
/// upper lid's target points.
///
/// Painted into the closed eye's texture and warped, as before, the line lay on the rig's lid
/// triangles, which a blink stretches and shears by different amounts: it came out stepped
/// along its edges and thicker than drawn (a navy slab over s7's shut eyes, a ragged dark streak
/// over photographs'). Drawn here it keeps its shape, anti-aliased, at the head's scale.
struct LashLine: Sendable {
    /// The lashes' colour (`EyelidSkin.lashColour`).
    var colour: FloatRGB
    /// Half the line's thickness at its middle, in the still's pixels (`EyelidSkin.lashWidth`).
    var half: Float
    /// Curve points per lid segment: enough that the curve has no visible corners.
    static let steps = 4
    /// The lashes' shadow on the shut lid: how far beyond the line's top it reaches, in the
    /// line's half-thicknesses there (2: as far again as the line is thick, tapering with it to
    /// the corners), and how much darker the lid is at the line. Painted into the closed texture
    /// instead (as before), the shadow lay on the narrow band of lid above the lashes that a
    /// blink stretches over the whole eye, and darkened most of the shut lid.
    static let shadowReach: Float = 2, shadowDepth: Float = 0.3

    /// Draws the line along `lid` (the frame's outer corner, upper lid points and inner corner)
    /// at `opacity`; `below` is any point on the lower lid's side, which says which side is up.
    func draw(into out: inout RGBImage, lid: [Point2], below: Point2, opacity: Float, scale: Float) {
        guard opacity > 0, lid.count >= 2 else { return }
        let curve = Self.smoothed(lid, steps: Self.steps)
        let half = self.half * scale
        let reach = (2 + Self.shadowReach) * half + 2
        let xs = curve.map(\.x), ys = curve.map(\.y)
        let x0 = max(Int((xs.min()! - reach).rounded(.down)), 0), x1 = min(Int((xs.max()! + reach).rounded(.up)), out.width - 1)
        let y0 = max(Int((ys.min()! - reach).rounded(.down)), 0), y1 = min(Int((ys.max()! + reach).rounded(.up)), out.height - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let q = Point2(Float(x), Float(y))
                let (above, along) = Self.signedNearest(q, polyline: curve, below: below)
                let cover = EyelidSkin.lashCover(aboveLid: above, along: along, half: half) * opacity
                let dark = Self.shadowDarkening(aboveLid: above, along: along, half: half) * opacity
                guard cover > 0 || dark > 0 else { continue }
                let here = CharacterPalette.colour(out[x, y])
                let lid = FloatRGB(here.r * (1 - dark), here.g * (1 - dark), here.b * (1 - dark))
                out[x, y] = mix(lid, colour, cover).rgb
            }
        }
    }

    /// How much darker the lid is `aboveLid` pixels above its edge, `along` it (0 and 1 at the
    /// corners), for a line `half` thick at its middle: `shadowDepth` up to the line's top
    /// (`EyelidSkin.lashCover`'s crescent), easing to nothing `shadowReach` half-thicknesses
    /// beyond; nothing below the edge or past the corners.
    static func shadowDarkening(aboveLid: Float, along: Float, half: Float) -> Float {
        guard aboveLid > -0.5, along > 0, along < 1, half > 0 else { return 0 }
        let tapered = EyelidSkin.taperedHalf(half, along: along)
        let beyond = aboveLid - 1.5 * tapered
        let t = 1 - min(max(beyond / (shadowReach * tapered), 0), 1)
        return shadowDepth * t * t * (3 - 2 * t)
    }

    /// A Catmull-Rom curve through `p` (ends held), `steps` points per segment.
    static func smoothed(_ p: [Point2], steps: Int) -> [Point2] {
        guard p.count >= 3, steps > 1 else { return p }
        var curve: [Point2] = []
        for i in 0..<(p.count - 1) {
            let a = p[max(i - 1, 0)], b = p[i], c = p[i + 1], d = p[min(i + 2, p.count - 1)]
            for k in 0..<steps {
                let t = Float(k) / Float(steps), t2 = t * t, t3 = t2 * t
                let term1 = b * 2
                let term2 = (c - a) * t
                let term3 = (a * 2 - b * 5 + c * 4 - d) * t2
                let term4 = (b * 3 - a - c * 3 + d) * t3
                curve.append((term1 + term2 + term3 + term4) * 0.5)
            }
        }
        curve.append(p[p.count - 1])
        return curve
    }

    /// How far `q` lies from the polyline, positive on the side away from `below`, and how far
    /// along it (0...1 by length) its nearest point is.
    static func signedNearest(_ q: Point2, polyline: [Point2], below: Point2) -> (above: Float, along: Float) {
        var best = Float.infinity, bestAt: Float = 0, bestSign: Float = 1, walked: Float = 0
        for (a, b) in zip(polyline, polyline.dropFirst()) {
            let ab = b - a, len2 = ab.lengthSquared, len = len2.squareRoot()
            let t = len2 > 0 ? min(max((q - a).dot(ab) / len2, 0), 1) : 0
            let foot = a + ab * t
            let d = q.distance(to: foot)
            if d < best {
                // The segment's normal, turned away from the lower lid.
                var n = Point2(-ab.y, ab.x)
                if (below - foot).dot(n) > 0 { n = n * -1 }
                (best, bestAt, bestSign) = (d, walked + t * len, (q - foot).dot(n) >= 0 ? 1 : -1)
            }
            walked += len
        }
        return (best * bestSign, walked > 0 ? bestAt / walked : 0)
    }
}
