import Imaging

/// The iris's size and place read from the picture, where the iris meets the eye white. The
/// iris landmarks are placed by a model trained on photographed eyes: on big drawn or rendered
/// eyes (3D cartoons, anime) they fall well inside the iris and off its centre (s7: a 22 px
/// radius against a 28 px iris whose centre is 5 px to the side), so the lifted-out disc left
/// part of the iris behind, and a ghost crescent of it showed wherever the eye looked away.
enum IrisEdge {
    struct Circle: Equatable {
        /// The iris's radius in pixels.
        var radius: Float
        /// How far the iris's centre lies to the right of the landmarks' centre, in pixels.
        var offsetX: Float
    }

    /// Rows scanned, below the centre by these shares of the landmark radius: the lower half
    /// of the iris, which the upper lid and the highlights usually leave alone.
    static let rows: [Float] = [0.15, 0.35, 0.55]
    /// How far out from the centre the edge is looked for, as shares of the landmark radius.
    static let reach: ClosedRange<Float> = 0.5...2.0
    /// The smallest brightness step (0...255 over 3 px) that counts as an edge...
    static let minimumStep: Float = 24
    /// ...and, of the steepest step on the scan, the share an outer step needs to be taken as
    /// the iris's edge instead: a drawn eye's pupil meets a bright iris in a steeper step than
    /// the iris meets the eye white.
    static let outerShare: Float = 0.45

    /// The iris circle from the rows where both of its sides meet the eye white inside the
    /// opening (at least two rows), or nil: an iris in a corner, a dark eye white, an eye too
    /// small.
    static func circle(in image: RGBImage, centre: Point2, landmarkRadius r0: Float, opening: CoverageMask) -> Circle? {
        guard r0 >= 2 else { return nil }
        var radii: [Float] = [], offsets: [Float] = []
        for share in rows {
            let y = Int((centre.y + share * r0).rounded())
            guard let left = edge(image, centre: centre, y: y, side: -1, r0: r0, opening: opening),
                let right = edge(image, centre: centre, y: y, side: 1, r0: r0, opening: opening)
            else { continue }
            // The scan runs below the centre, where the iris is narrower than its radius.
            let halfChord = (left + right) / 2, dy = Float(y) - centre.y
            radii.append((halfChord * halfChord + dy * dy).squareRoot())
            offsets.append((right - left) / 2)
        }
        guard radii.count >= 2 else { return nil }
        return Circle(radius: median(radii), offsetX: median(offsets))
    }

    /// How far from the centre, along row `y` on `side` (-1 left, 1 right), the outermost
    /// brightening edge lies that is at least `outerShare` of the steepest (and at least
    /// `minimumStep`), inside the opening; nil if there is none.
    static func edge(_ image: RGBImage, centre: Point2, y: Int, side: Float, r0: Float, opening: CoverageMask) -> Float? {
        func brightness(_ x: Float) -> Float { luma(image.sampleBilinear(at: Point2(x, Float(y)))) }
        var steps: [(at: Float, step: Float)] = []
        var t = reach.lowerBound * r0
        while t <= reach.upperBound * r0 {
            let x = centre.x + side * t
            // Only inside the opening: past its edge the step is the lid's or a corner's.
            guard opening[Int((x + side * 2).rounded()), y] > 0.9 else { break }
            steps.append((t, brightness(x + side * 1.5) - brightness(x - side * 1.5)))
            t += 0.5
        }
        guard let steepest = steps.map(\.step).max(), steepest >= minimumStep else { return nil }
        let threshold = max(minimumStep, outerShare * steepest)
        // The last run of steps over the threshold, and its middle weighted by the step (a
        // sharp edge is a plateau of equal steps 3 px wide).
        var sum: Float = 0, weight: Float = 0
        var inRun = false
        for s in steps {
            if s.step >= threshold {
                if !inRun { (sum, weight) = (0, 0) }
                sum += s.at * s.step
                weight += s.step
                inRun = true
            } else {
                inRun = false
            }
        }
        return weight > 0 ? sum / weight : nil
    }

    static func median(_ values: [Float]) -> Float {
        let v = values.sorted(), n = v.count
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
    }
}
