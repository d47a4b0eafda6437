// Triangulating a point set, for drawing meshes over faces: a landmark set with no triangle list
// of its own gets one from its reference shape (the canonical face) once, and each frame draws
// the same triangles through that frame's landmarks.

/// Three indices into the point list a triangulation was made from, counter-clockwise in a y-up
/// frame (clockwise on screen, where y points down).
public struct IndexTriangle: Sendable, Hashable {
    public var a: Int
    public var b: Int
    public var c: Int

    public init(_ a: Int, _ b: Int, _ c: Int) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// The three edges, each with its smaller index first.
    public var edges: [(Int, Int)] { [(min(a, b), max(a, b)), (min(b, c), max(b, c)), (min(c, a), max(c, a))] }
}

public enum DelaunayTriangulation {
    /// The Delaunay triangulation of `points` (no point lies inside any triangle's circumcircle),
    /// covering their convex hull. Bowyer–Watson: insert points one at a time, remove the triangles
    /// whose circumcircle holds the new point, and fan the hole's rim to it. O(n²) in the worst
    /// case, which is instant for the few hundred points of a face mesh.
    ///
    /// Points that repeat an earlier one (within 1e-9 of the set's extent) and non-finite points are
    /// left out; fewer than three distinct points, or all of them on a line, give no triangles.
    public static func triangles(_ points: [Point2]) -> [IndexTriangle] {
        let finite = points.indices.filter { points[$0].x.isFinite && points[$0].y.isFinite }
        guard finite.count >= 3 else { return [] }
        var p = points.map { (x: Double($0.x), y: Double($0.y)) }
        let xs = finite.map { p[$0].x }, ys = finite.map { p[$0].y }
        let minX = xs.min()!, maxX = xs.max()!, minY = ys.min()!, maxY = ys.max()!
        let extent = max(maxX - minX, maxY - minY)
        guard extent > 0 else { return [] }
        let midX = (minX + maxX) / 2, midY = (minY + maxY) / 2

        // A triangle far larger than the points encloses them all; its corners are removed at the end.
        let n = points.count
        p.append((midX - 40 * extent, midY - 30 * extent))
        p.append((midX + 40 * extent, midY - 30 * extent))
        p.append((midX, midY + 40 * extent))
        var triangles = [IndexTriangle(n, n + 1, n + 2)]

        var inserted: [Int] = []
        let duplicateDistance = 1e-9 * extent
        for i in finite {
            if inserted.contains(where: { abs(p[$0].x - p[i].x) <= duplicateDistance && abs(p[$0].y - p[i].y) <= duplicateDistance }) {
                continue
            }
            inserted.append(i)
            var rim: [(Int, Int)] = []
            var kept: [IndexTriangle] = []
            kept.reserveCapacity(triangles.count + 2)
            for t in triangles {
                if inCircumcircle(p[i], p[t.a], p[t.b], p[t.c]) {
                    // An edge of the hole's rim is an edge of exactly one removed triangle.
                    for edge in [(t.a, t.b), (t.b, t.c), (t.c, t.a)] {
                        if let shared = rim.firstIndex(where: { $0 == (edge.1, edge.0) }) {
                            rim.remove(at: shared)
                        } else {
                            rim.append(edge)
                        }
                    }
                } else {
                    kept.append(t)
                }
            }
            // Each rim edge keeps the orientation it had in its (counter-clockwise) triangle.
            triangles = kept + rim.map { IndexTriangle($0.0, $0.1, i) }
        }
        return triangles.filter { $0.a < n && $0.b < n && $0.c < n }
    }

    /// Whether `d` lies strictly inside the circle through the counter-clockwise triangle a, b, c.
    static func inCircumcircle(
        _ d: (x: Double, y: Double), _ a: (x: Double, y: Double),
        _ b: (x: Double, y: Double), _ c: (x: Double, y: Double)
    ) -> Bool {
        let ax = a.x - d.x, ay = a.y - d.y
        let bx = b.x - d.x, by = b.y - d.y
        let cx = c.x - d.x, cy = c.y - d.y
        let determinant =
            (ax * ax + ay * ay) * (bx * cy - cx * by)
            - (bx * bx + by * by) * (ax * cy - cx * ay)
            + (cx * cx + cy * cy) * (ax * by - bx * ay)
        return determinant > 0
    }
}
