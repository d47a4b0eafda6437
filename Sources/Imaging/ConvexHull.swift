/// The convex hull of a point set, for outlining a shape given only its points (a face's outline
/// from its landmarks).
public enum ConvexHull {
    /// Indices of the hull's corners in `points`, counter-clockwise in a y-up frame (clockwise on
    /// screen), starting from the leftmost (then lowest) point. Points on a hull edge between two
    /// corners are left out, as are non-finite points. Fewer than three corners come back as they
    /// are (one or two indices) for a degenerate set.
    public static func indices(_ points: [Point2]) -> [Int] {
        // Andrew's monotone chain: sort by x, then build the lower and upper chains.
        let order = points.indices
            .filter { points[$0].x.isFinite && points[$0].y.isFinite }
            .sorted { (points[$0].x, points[$0].y) < (points[$1].x, points[$1].y) }
        guard order.count > 2 else { return order }
        func cross(_ o: Int, _ a: Int, _ b: Int) -> Double {
            let (ox, oy) = (Double(points[o].x), Double(points[o].y))
            return (Double(points[a].x) - ox) * (Double(points[b].y) - oy) - (Double(points[a].y) - oy) * (Double(points[b].x) - ox)
        }
        func chain(_ sequence: [Int]) -> [Int] {
            var hull: [Int] = []
            for i in sequence {
                while hull.count >= 2 && cross(hull[hull.count - 2], hull[hull.count - 1], i) <= 0 { hull.removeLast() }
                hull.append(i)
            }
            return hull
        }
        let lower = chain(order), upper = chain(order.reversed())
        // Each chain ends where the other starts.
        return Array(lower.dropLast() + upper.dropLast())
    }
}
