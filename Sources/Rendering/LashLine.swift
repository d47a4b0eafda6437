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

    /// Draws the line along `lid` (the frame's outer corner, upper lid points and inner corner)
    /// at `opacity`; `below` is any point on the lower lid's side, which says which side is up.
    func draw(into out: inout RGBImage, lid: [Point2], below: Point2, opacity: Float, scale: Float) {
        guard opacity > 0, lid.count >= 2 else { return }
        let curve = Self.smoothed(lid, steps: Self.steps)
        let half = self.half * scale
        let reach = 2 * half + 2
        let xs = curve.map(\.x), ys = curve.map(\.y)
        let x0 = max(Int((xs.min()! - reach).rounded(.down)), 0), x1 = min(Int((xs.max()! + reach).rounded(.up)), out.width - 1)
        let y0 = max(Int((ys.min()! - reach).rounded(.down)), 0), y1 = min(Int((ys.max()! + reach).rounded(.up)), out.height - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let q = Point2(Float(x), Float(y))
                let (above, along) = Self.signedNearest(q, polyline: curve, below: below)
                let cover = EyelidSkin.lashCover(aboveLid: above, along: along, half: half) * opacity
                guard cover > 0 else { continue }
                out[x, y] = mix(CharacterPalette.colour(out[x, y]), colour, cover).rgb
            }
        }
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
