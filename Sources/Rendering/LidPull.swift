import Imaging

/// What a shutting eye shows inside its opening: the still's own upper lid, pulled down.
///
/// Closing, the upper lid slides down to the lower one carrying its skin, crease and lashes. The
/// mesh warp already does most of that: the lid landmarks move down and the band of lid skin
/// between them and the skin ring stretches after them, crease and lashes included. What it
/// cannot do is cover the eyeball: the opening's own triangles are squeezed, and the eye white,
/// iris and shadow in them show as a slit. So the opening is refilled once, in the still, with a
/// copy of the lid skin just above the lid's edge: in the eye's own frame (u along the corners,
/// v across towards the lower lid), a point at v between the lid's edge `vLid` and the lower lid
/// `vLow` samples the still at `vLid − reach + (v − vLid)·reach/(vLow − vLid)`, where `reach` is
/// `reachShare` of the band from the `top` line down to the lid. The copy ends on the lid's own
/// edge (its lashes) at the lower lid, where a shut lid's lashes lie. Points outside the opening
/// have no source: the still's own lid skin stays as it is.
struct LidPull: Sendable {
    let origin: Point2
    /// Unit vectors along the eye (outer to inner corner) and across it (towards the lower lid).
    let along: Point2, across: Point2
    /// Each line as (u, v) knots sorted by u.
    let top: [Point2], lid: [Point2], lower: [Point2]

    init(outer: Point2, inner: Point2, top: [Point2], lid: [Point2], lowerLid: [Point2]) {
        origin = outer
        let axis = inner - outer
        let length = max(axis.distance(to: Point2(0, 0)), 1e-6)
        let unit = axis * (1 / length)
        along = unit
        var normal = Point2(-unit.y, unit.x)
        // Across points from the upper lid towards the lower one.
        let middle = lowerLid[lowerLid.count / 2] - lid[lid.count / 2]
        if normal.dot(middle) < 0 { normal = normal * -1 }
        across = normal
        let across = normal
        func knots(_ line: [Point2]) -> [Point2] {
            line.map { Point2(($0 - outer).dot(unit), ($0 - outer).dot(across)) }.sorted { $0.x < $1.x }
        }
        self.top = knots(top)
        self.lid = knots(lid)
        lower = knots(lowerLid)
    }

    /// Share of the lid band (top line to lid edge) copied into the opening.
    static let reachShare: Float = 0.5

    /// The still's point whose colour the shutting eye shows at `q`, or nil outside the opening.
    func source(of q: Point2) -> Point2? {
        let d = q - origin
        let u = d.dot(along), v = d.dot(across)
        let vTop = Self.value(top, at: u), vLid = Self.value(lid, at: u), vLow = Self.value(lower, at: u)
        guard vLow - vLid > 0.25, v >= vLid, v <= vLow else { return nil }
        let reach = Self.reachShare * max(vLid - vTop, 0)
        let vSource = vLid - reach + (v - vLid) * reach / (vLow - vLid)
        return origin + along * u + across * vSource
    }

    /// The line's v at u, linear between knots and held beyond the ends.
    static func value(_ knots: [Point2], at u: Float) -> Float {
        guard let first = knots.first, let last = knots.last else { return 0 }
        if u <= first.x { return first.y }
        if u >= last.x { return last.y }
        for (a, b) in zip(knots, knots.dropFirst()) where u <= b.x {
            let span = b.x - a.x
            return span > 1e-6 ? a.y + (b.y - a.y) * (u - a.x) / span : b.y
        }
        return last.y
    }
}
