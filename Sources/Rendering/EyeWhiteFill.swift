import Imaging

/// The eye white behind a lifted iris, painted row by row from the white either side of the disc.
///
/// An eye white is shaded mostly across the eye (darker towards the corners) and down from the
/// upper lid (its shadow), so each row of the disc is a blend, by position, of the white just
/// left and just right of the disc on that row. Rows the disc fills from lid to lid, where a
/// real photograph's iris usually touches both lids, borrow the nearest row that shows white.
/// (Extending each pixel's own ray outwards instead took the white on some rays and a flat
/// colour on those that ran into a lid: a fan of grey and pink wedges where a photograph's iris
/// had been, d6 looking sideways.)
enum EyeWhiteFill {
    /// Where the white is sampled, in pixels beyond the disc's edge on the row: clear of the
    /// iris's soft edge, near enough to carry the shading where the disc is.
    static let sampleReach: ClosedRange<Float> = 1.5...4.5

    /// One side's white on a row: its mean colour and where it was taken (x).
    struct Sample {
        var x: Float
        var colour: FloatRGB
    }

    /// Paints the disc (`centre`, `radius`) of `image` into `out` wherever `opening` fully covers
    /// it; `sclera` where no row of the disc shows any white beside it.
    static func paint(
        _ out: inout RGBImage, from image: RGBImage, centre c: Point2, radius r: Float, opening: CoverageMask,
        sclera: FloatRGB
    ) {
        let top = max(opening.rect.y, Int((c.y - r).rounded(.down)))
        let bottom = min(opening.rect.y + opening.rect.height - 1, Int((c.y + r).rounded(.up)))
        guard top <= bottom else { return }
        var rows: [(left: Sample?, right: Sample?)] = (top...bottom).map { y in
            let dy = Float(y) - c.y
            let half = max(r * r - dy * dy, 0).squareRoot()
            return (
                side(of: image, row: y, from: c.x - half, step: -1, opening: opening, centre: c, radius: r),
                side(of: image, row: y, from: c.x + half, step: 1, opening: opening, centre: c, radius: r)
            )
        }
        rows = smoothed(rows)
        let shown = rows.indices.filter { rows[$0].left != nil || rows[$0].right != nil }
        for y in top...bottom {
            var row = rows[y - top]
            if row.left == nil && row.right == nil, let nearest = shown.min(by: { abs($0 - (y - top)) < abs($1 - (y - top)) }) {
                row = rows[nearest]
            }
            for x in opening.rect.x..<(opening.rect.x + opening.rect.width)
            where opening[x, y] >= 0.999 && Point2(Float(x), Float(y)).distance(to: c) <= r {
                out[x, y] = colour(at: Float(x), left: row.left, right: row.right, otherwise: sclera).rgb
            }
        }
    }

    /// The white on one side of the disc on row `y`: the pixels `sampleReach` beyond `edge` in
    /// direction `step` that the opening fully covers, outside the disc; nil when there are none.
    static func side(
        of image: RGBImage, row y: Int, from edge: Float, step: Float, opening: CoverageMask, centre: Point2, radius: Float
    ) -> Sample? {
        var sum = FloatRGB(0, 0, 0), xs: Float = 0, n: Float = 0
        var d = sampleReach.lowerBound
        while d <= sampleReach.upperBound {
            let x = Int((edge + step * d).rounded())
            if opening[x, y] >= 0.999, Point2(Float(x), Float(y)).distance(to: centre) > radius {
                let p = image[x, y]
                sum = FloatRGB(sum.r + Float(p.r), sum.g + Float(p.g), sum.b + Float(p.b))
                xs += Float(x)
                n += 1
            }
            d += 1
        }
        return n > 0 ? Sample(x: xs / n, colour: scale(sum, 1 / n)) : nil
    }

    /// Each side's colour averaged with the rows above and below that have one (weights 1, 2, 1),
    /// so a lash or a speck beside one row does not streak across the disc.
    static func smoothed(_ rows: [(left: Sample?, right: Sample?)]) -> [(left: Sample?, right: Sample?)] {
        func blend(_ i: Int, _ pick: ((left: Sample?, right: Sample?)) -> Sample?) -> Sample? {
            guard let own = pick(rows[i]) else { return nil }
            var sum = scale(own.colour, 2), weight: Float = 2
            for j in [i - 1, i + 1] where rows.indices.contains(j) {
                if let s = pick(rows[j]) {
                    sum = FloatRGB(sum.r + s.colour.r, sum.g + s.colour.g, sum.b + s.colour.b)
                    weight += 1
                }
            }
            return Sample(x: own.x, colour: scale(sum, 1 / weight))
        }
        return rows.indices.map { (blend($0, \.left), blend($0, \.right)) }
    }

    /// The white at `x` on a row: a blend of the two sides by position, one side's where only
    /// one shows.
    static func colour(at x: Float, left: Sample?, right: Sample?, otherwise: FloatRGB) -> FloatRGB {
        switch (left, right) {
        case let (l?, r?):
            let t = r.x > l.x ? min(max((x - l.x) / (r.x - l.x), 0), 1) : 0.5
            return mix(l.colour, r.colour, t)
        case let (l?, nil): return l.colour
        case let (nil, r?): return r.colour
        case (nil, nil): return otherwise
        }
    }
}
