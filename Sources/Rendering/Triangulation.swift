import Imaging

/// Three vertex indices, counter-clockwise in image coordinates' usual drawing sense is not
/// assumed: `MeshWarp` works out each triangle's orientation from its source positions.
public struct Triangle: Sendable, Hashable {
    public var a: Int32
    public var b: Int32
    public var c: Int32

    public init(_ a: Int, _ b: Int, _ c: Int) {
        self.a = Int32(a)
        self.b = Int32(b)
        self.c = Int32(c)
    }

    public var indices: [Int] { [Int(a), Int(b), Int(c)] }
}

/// Delaunay triangulation of a point set (Bowyer–Watson), computed once per character.
///
/// The character's control points (face landmarks, the rings that carry hair and neck, the image
/// border) number a few hundred, so the plain O(n²) insertion is fast enough (milliseconds) and
/// easy to check. Arithmetic is in Double: landmark clusters around the eyes and lips are dense,
/// and single-precision circumcircle tests mis-order nearly co-circular points there.
/// Points closer than `mergeDistance` to an earlier one are left out of the triangulation (no
/// triangle uses them); callers give such points the same motion as their twin.
public enum Triangulation {
    public static let mergeDistance: Double = 1e-3

    public static func delaunay(_ points: [Point2]) -> [Triangle] {
        guard points.count >= 3 else { return [] }
        var xs = points.map { Double($0.x) }, ys = points.map { Double($0.y) }
        let minX = xs.min()!, maxX = xs.max()!, minY = ys.min()!, maxY = ys.max()!
        let span = max(maxX - minX, maxY - minY, 1)
        let midX = (minX + maxX) / 2, midY = (minY + maxY) / 2
        // A super-triangle far outside every point; its three vertices are removed at the end.
        let n = points.count
        // Far enough that its vertices lie outside every hull edge's circumcircles in practice
        // (too close, and triangles along the hull are lost to it).
        xs += [midX - 1000 * span, midX, midX + 1000 * span]
        ys += [midY - 500 * span, midY + 1000 * span, midY - 500 * span]

        struct Work { var v: (Int, Int, Int); var cx: Double; var cy: Double; var r2: Double }
        func circumcircle(_ i: Int, _ j: Int, _ k: Int) -> Work {
            let ax = xs[i], ay = ys[i], bx = xs[j], by = ys[j], cx = xs[k], cy = ys[k]
            let d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
            guard abs(d) > 1e-18 else { return Work(v: (i, j, k), cx: 0, cy: 0, r2: .infinity) }
            let a2 = ax * ax + ay * ay, b2 = bx * bx + by * by, c2 = cx * cx + cy * cy
            let ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d
            let uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d
            return Work(v: (i, j, k), cx: ux, cy: uy, r2: (ax - ux) * (ax - ux) + (ay - uy) * (ay - uy))
        }

        var triangles = [circumcircle(n, n + 1, n + 2)]
        var inserted: [Int] = []
        for p in 0..<n {
            let px = xs[p], py = ys[p]
            if inserted.contains(where: { abs(xs[$0] - px) < mergeDistance && abs(ys[$0] - py) < mergeDistance }) { continue }
            inserted.append(p)
            // The cavity: every triangle whose circumcircle holds the new point.
            var boundary: [(Int, Int)] = []
            var kept: [Work] = []
            kept.reserveCapacity(triangles.count + 2)
            for t in triangles {
                let dx = px - t.cx, dy = py - t.cy
                if dx * dx + dy * dy < t.r2 * (1 + 1e-12) {
                    for edge in [(t.v.0, t.v.1), (t.v.1, t.v.2), (t.v.2, t.v.0)] {
                        if let shared = boundary.firstIndex(where: { $0 == (edge.1, edge.0) || $0 == edge }) {
                            boundary.remove(at: shared)
                        } else {
                            boundary.append(edge)
                        }
                    }
                } else {
                    kept.append(t)
                }
            }
            for (i, j) in boundary { kept.append(circumcircle(i, j, p)) }
            triangles = kept
        }
        return triangles.compactMap { t in
            let (i, j, k) = t.v
            guard i < n, j < n, k < n else { return nil }
            // Leave out slivers from collinear points (zero area): they cover no pixel.
            let area = (xs[j] - xs[i]) * (ys[k] - ys[i]) - (xs[k] - xs[i]) * (ys[j] - ys[i])
            return abs(area) < 1e-9 ? nil : Triangle(i, j, k)
        }
    }
}
