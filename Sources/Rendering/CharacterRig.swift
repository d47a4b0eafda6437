import FaceGeometry
import Imaging
import Motion

/// The mesh over a whole character image, built once: the 468 face landmarks, rings of extra
/// points that carry forehead, hair, ears and neck with the head, and fixed points on the image
/// border, triangulated together.
///
/// Per frame, face points go where retargeting puts them; a ring point takes its ring's share of
/// the motion of the outline point it sits out from (1 next to the face, fading to 0 far out,
/// less at the neck's height), so hair and neck follow without tearing and the background stays
/// still; border points never move.
public struct CharacterRig: Sendable {
    /// How far out each ring sits (multiples of the face-oval radius from the face centre) and
    /// how much of the head's motion it takes. The first ring moves with the head rigidly (hair
    /// at the face's edge, ears, forehead); beyond it the share falls off over a wide band, so
    /// the outer hair lags the head and the background stays still. Measured on the four
    /// self-reenactment clips of `Scripts/eval-render` (the character is the clip's first frame,
    /// so the real frames show where hair and neck really went): with the outer rings at
    /// 0.92/0.6/0.25/0.05 a moving head dragged long hair and shoulders along, and frames were
    /// further from the truth than the still image (PSNR 0.5-0.6 dB under it on d0 and d3);
    /// at 0.7/0.35/0.1/0.02, with `hangFactor`, 0.3-1.2 dB over it on all four.
    public struct Ring: Sendable, Hashable {
        public var distance: Float
        public var weight: Float
    }

    public static let rings: [Ring] = [
        Ring(distance: 1.25, weight: 1), Ring(distance: 1.6, weight: 0.7),
        Ring(distance: 2.1, weight: 0.35), Ring(distance: 2.8, weight: 0.1), Ring(distance: 3.8, weight: 0.02),
        // A still ring: beyond it nothing moves at all (no motion leaks out to the image border).
        Ring(distance: 5.0, weight: 0),
    ]
    /// For a frame of a character clip that keeps its own head pose: only the expression moves,
    /// so nothing beyond two face radii moves at all, and the clip's background stays its own
    /// pixels, not a resampled copy.
    public static let clipRings: [Ring] = [
        Ring(distance: 1.25, weight: 1), Ring(distance: 1.6, weight: 0.5), Ring(distance: 2.0, weight: 0),
    ]
    /// Points at the chin's level and below (neck, shoulders, hair hanging there) take this share
    /// of their ring's weight: the body does not turn with the head, and hair resting on the
    /// shoulders stays with them.
    public static let neckFactor: Float = 0.2

    /// The share of its ring's weight a point at height `y` takes: 1 at the eyes' level and
    /// above (hair on the skull moves with it), falling linearly to `neckFactor` at the chin's.
    static func hangFactor(y: Float, eyeY: Float, chinY: Float) -> Float {
        let t = min(max((y - eyeY) / max(chinY - eyeY, 1), 0), 1)
        return 1 + (neckFactor - 1) * t
    }

    public let width: Int
    public let height: Int
    /// All vertices in the still image: 468 face points, then ring points, then border points.
    public let points: [Point2]
    /// Depth per vertex (MediaPipe convention: larger is farther from the viewer).
    public let depths: [Float]
    /// Outline in-between points (after the face points): the two outline landmarks and the
    /// fraction of the way from the first to the second.
    let outlinePoints: [(Int, Int, Float)]
    /// Per ring and border vertex (after the outline points): its motion weight (border: 0).
    let extraWeights: [Float]
    /// Per ring and border vertex: the outline landmark whose motion it takes a share of (−1: none).
    /// Following the outline point itself (rather than a rigid head motion of its own) keeps the
    /// band between face and hair free of shear: hair that overlaps the face edge in the still
    /// would otherwise be cut into wedges as the head turns.
    let anchors: [Int]
    /// Each vertex's neighbours in the triangulation.
    let neighbours: [[Int]]
    /// Vertices that may give way to undo a fold: all outside the face, and the face's outer
    /// band (cheek edges, jaw line, temples), not the features. On a big turn the outline is
    /// first fitted to the silhouette (`fitOutlineToSilhouette`), so what is left to relax is
    /// small: without that, relaxing alone squeezed the far cheek into a saw-edged sliver beside
    /// the nose; without the relaxing, strands of hair lying over the near cheek's edge in the
    /// still were cut into teeth (re-tracked eyeBlinkRight on s42 × d3 r 0.64 → 0.52).
    let relaxable: [Bool]
    /// Face points farther than this fraction of the outline's radius from the face centre are
    /// in the outer band.
    public static let outerBand: Float = 0.7
    /// Per face-outline landmark: the face points in its sector (seen from the face centre), and
    /// how far the farthest of them already reached past it in the still.
    let silhouette: [(landmark: Int, sector: [Int], stillOvershoot: Float)]
    /// A ring point stays at least this share of its still distance outside its outline point,
    /// measured along the line between them: a head turning or moving towards a lagging ring
    /// (the near jaw against the neck) pushes it ahead instead of passing over it.
    public static let minimumGap: Float = 0.25
    public let triangles: [IndexTriangle]
    /// Per triangle: whether its signed area (`MeshWarp.cross` of two edges) is positive in the
    /// still, measured once so a frame's fold tests compare against it.
    let stillPositiveArea: [Bool]
    public static let facePointCount = 468

    /// - Parameter rings: the rings of extra points; `rings` by default (a still's hair and neck
    ///   follow the head). A character that keeps its own head pose wants less: see `clipRings`.
    /// - Parameter previous: the rig of the frame before, for a character clip: its triangles are
    ///   kept where they still fit the new points (the same vertices, every triangle still
    ///   facing the same way with some area), which spares a triangulation a frame.
    public init(face: CharacterFace, width: Int, height: Int, rings: [Ring] = CharacterRig.rings, previous: CharacterRig? = nil) {
        self.width = width
        self.height = height
        let face2D = face.landmarks.prefix(Self.facePointCount).map(\.xy)
        var points = Array(face2D)
        var depths = face.landmarks.prefix(Self.facePointCount).map(\.z)
        var weights: [Float] = []

        let oval = FaceIndex.faceOval.map { face.landmarks[$0] }
        let centre = oval.reduce(Point2(0, 0)) { $0 + $1.xy } / Float(oval.count)
        let chinY = face.landmarks[FaceIndex.chin].y
        let eyeY =
            FaceIndex.eyes.map { face.landmarks[$0.outerCorner].y + face.landmarks[$0.innerCorner].y }
            .reduce(0, +) / 4
        let faceSize = oval.map { $0.xy.distance(to: centre) }.max() ?? 1
        // Keep extra points apart so no sliver triangles form between them.
        let spacing = max(2, faceSize * 0.06)
        let minX: Float = -0.5, maxX = Float(width) - 0.5, minY: Float = -0.5, maxY = Float(height) - 0.5
        func free(_ p: Point2) -> Bool {
            p.x > minX + 1 && p.x < maxX - 1 && p.y > minY + 1 && p.y < maxY - 1
                && !points.contains { $0.distance(to: p) < spacing }
        }
        // Points along the outline between its landmarks, moving with them, so the triangulation
        // follows the outline: no triangle then joins a ring point to a point inside the face
        // (those fold when the face moves against the rigid ring).
        var between: [(Int, Int, Float)] = []
        for (k, i) in FaceIndex.faceOval.enumerated() {
            let j = FaceIndex.faceOval[(k + 1) % FaceIndex.faceOval.count]
            for t: Float in [1.0 / 3, 2.0 / 3] {
                let a = face.landmarks[i], b = face.landmarks[j]
                points.append(a.xy.interpolated(to: b.xy, t))
                depths.append(a.z + (b.z - a.z) * t)
                between.append((i, j, t))
            }
        }
        outlinePoints = between
        var anchors: [Int] = []
        for ring in rings {
            for (o, index) in zip(oval, FaceIndex.faceOval) {
                let p = centre + (o.xy - centre) * ring.distance
                guard free(p) else { continue }
                points.append(p)
                depths.append(o.z)
                weights.append(ring.weight * Self.hangFactor(y: p.y, eyeY: eyeY, chinY: chinY))
                anchors.append(index)
            }
        }
        // The border: corners and evenly spaced points on the pixel edges, fixed.
        let steps = 8
        for i in 0...steps {
            let t = Float(i) / Float(steps)
            for p in [
                Point2(minX + t * (maxX - minX), minY), Point2(minX + t * (maxX - minX), maxY),
                Point2(minX, minY + t * (maxY - minY)), Point2(maxX, minY + t * (maxY - minY)),
            ]
            where !points.contains(where: { $0.distance(to: p) < 0.5 }) {
                points.append(p)
                depths.append(Float.greatestFiniteMagnitude)
                weights.append(0)
                anchors.append(-1)
            }
        }
        self.points = points
        self.depths = depths
        extraWeights = weights
        self.anchors = anchors
        silhouette = Self.silhouetteSectors(face2D, centre: centre)
        let triangles = previous.flatMap { Self.triangles($0, fitting: points) } ?? DelaunayTriangulation.triangles(points)
        var adjacent = [Set<Int>](repeating: [], count: points.count)
        for t in triangles {
            let v = [t.a, t.b, t.c]
            for a in v { for b in v where a != b { adjacent[a].insert(b) } }
        }
        self.triangles = triangles
        stillPositiveArea = triangles.map { Self.signedArea($0, at: points) > 0 }
        neighbours = adjacent.map { $0.sorted() }
        let firstExtra = Self.facePointCount + between.count
        relaxable = points.indices.map { i in
            if i >= firstExtra { return weights[i - firstExtra] > 0 }
            if i >= Self.facePointCount { return true }
            // Direction-aware: compare with the outline's reach in this point's direction.
            let d = points[i] - centre
            let reach =
                oval.map { o -> Float in
                    let r = o.xy - centre
                    return r.dot(d) / max(d.length, 1e-6)
                }.max() ?? faceSize
            return d.length > Self.outerBand * reach
        }
    }

    /// Index of the first ring/border vertex.
    var firstExtra: Int { Self.facePointCount + outlinePoints.count }

    /// Every vertex's position for one frame: face points from `target` (the retargeted
    /// landmarks), ring points carried by their outline points' motion.
    public func targets(face target: [LandmarkPoint]) -> (points: [Point2], depths: [Float]) {
        var out = points
        var depth = depths
        for i in 0..<Self.facePointCount {
            out[i] = target[i].xy
            depth[i] = target[i].z
        }
        fitOutlineToSilhouette(&out)
        for (k, (i, j, t)) in outlinePoints.enumerated() {
            out[Self.facePointCount + k] = out[i].interpolated(to: out[j], t)
            depth[Self.facePointCount + k] = target[i].z + (target[j].z - target[i].z) * t
        }
        for (k, w) in extraWeights.enumerated() where w > 0 {
            let i = firstExtra + k, a = anchors[k]
            out[i] = points[i] + (out[a] - points[a]) * w
            depth[i] = depths[i] + (target[a].z - depths[a]) * w
            let still = points[i] - points[a], length = still.length
            guard length > 0 else { continue }
            let outward = still / length
            let gap = (out[i] - out[a]).dot(outward)
            if gap < Self.minimumGap * length { out[i] = out[i] + outward * (Self.minimumGap * length - gap) }
        }
        unfold(&out)
        return (out, depth)
    }

    /// The face points in each outline landmark's sector: those whose direction from `centre` is
    /// closer to the landmark's than half the angle to the nearer neighbouring outline landmark.
    static func silhouetteSectors(_ face: [Point2], centre: Point2) -> [(landmark: Int, sector: [Int], stillOvershoot: Float)] {
        let oval = FaceIndex.faceOval
        let onOval = Set(oval)
        // Directions compared by cosines: the sector's half angle has cos √((1 + cos θ) / 2).
        let directions = face.map { p -> Point2 in
            let d = p - centre, length = d.length
            return length > 0 ? d / length : Point2(0, 0)
        }
        return oval.enumerated().map { k, landmark in
            let before = oval[(k + oval.count - 1) % oval.count], after = oval[(k + 1) % oval.count]
            let u = directions[landmark]
            let nearest = max(u.dot(directions[before]), u.dot(directions[after]))
            let halfCosine = ((1 + nearest) / 2).squareRoot()
            let sector = face.indices.filter { !onOval.contains($0) && directions[$0].dot(u) > halfCosine }
            let overshoot = reach(face, sector: sector, landmark: landmark, centre: centre)
            return (landmark, sector, max(0, overshoot))
        }
    }

    /// How far the farthest point of `sector` reaches past `landmark`, along the line from `centre`.
    static func reach(_ points: [Point2], sector: [Int], landmark: Int, centre: Point2) -> Float {
        let radial = points[landmark] - centre, length = radial.length
        guard length > 0 else { return 0 }
        let outward = radial / length
        return sector.map { (points[$0] - centre).dot(outward) }.max().map { $0 - length } ?? 0
    }

    /// On a turned head the outline landmarks of the far side swing behind the cheek (their
    /// depth is the side of the head), while the cheek and temple in front of them become the
    /// visible edge. Each outline landmark moves out to the farthest face point of its sector
    /// (less whatever already reached past it in the still), so the outline stays the face's
    /// silhouette: the hair and background beyond it follow the edge rather than the hidden
    /// landmark, and the face ends in a smooth line instead of a saw edge of folded triangles.
    func fitOutlineToSilhouette(_ out: inout [Point2]) {
        let oval = FaceIndex.faceOval
        let centre = oval.reduce(Point2(0, 0)) { $0 + out[$1] } / Float(oval.count)
        var pushed: [(Int, Point2)] = []
        for (landmark, sector, stillOvershoot) in silhouette {
            let excess = Self.reach(out, sector: sector, landmark: landmark, centre: centre) - stillOvershoot
            guard excess > 0 else { continue }
            let radial = out[landmark] - centre
            pushed.append((landmark, out[landmark] + radial / max(radial.length, 1e-6) * excess))
        }
        for (landmark, p) in pushed { out[landmark] = p }
    }

    /// Where motion has folded a triangle (its corners' order reversed: the outer band of a
    /// turned face, a ring point overtaken by the face), the triangle's relaxable corners take the
    /// mean motion of their neighbours, a few passes: the face's edge stays smooth, and hair and
    /// background stretch instead of tearing.
    func unfold(_ out: inout [Point2]) {
        for _ in 0..<16 {
            var movable = Set<Int>()
            for (index, t) in triangles.enumerated() {
                let after = Self.signedArea(t, at: out)
                guard (after > 0) != stillPositiveArea[index] || abs(after) < 1e-6 else { continue }
                for v in [t.a, t.b, t.c] where relaxable[v] { movable.insert(v) }
            }
            guard !movable.isEmpty else { return }
            for v in movable.sorted() {
                let n = neighbours[v]
                guard !n.isEmpty else { continue }
                let mean = n.reduce(Point2(0, 0)) { $0 + (out[$1] - points[$1]) } / Float(n.count)
                out[v] = points[v] + mean
            }
        }
    }

    /// A triangle's signed area at `vertices`, doubled (`MeshWarp.cross` of its edges from corner `a`).
    /// `rig`'s triangles, if they still triangulate `points` without a fold: the same number of
    /// vertices (so the same rings and border), and no triangle turned over or thinner than half
    /// a pixel's area. Within the fixed border that is a valid triangulation.
    static func triangles(_ rig: CharacterRig, fitting points: [Point2]) -> [IndexTriangle]? {
        guard rig.points.count == points.count, rig.width > 0 else { return nil }
        for (t, wasPositive) in zip(rig.triangles, rig.stillPositiveArea) {
            let area = signedArea(t, at: points)
            guard (wasPositive ? area : -area) > 1 else { return nil }
        }
        return rig.triangles
    }

    static func signedArea(_ t: IndexTriangle, at vertices: [Point2]) -> Float {
        MeshWarp.cross(vertices[t.b] - vertices[t.a], vertices[t.c] - vertices[t.a])
    }

    /// Whether triangle `index` of `triangles` has turned over at `vertices`: its corners in the
    /// reverse order of the still's.
    func isTurnedOver(_ index: Int, at vertices: [Point2]) -> Bool {
        (Self.signedArea(triangles[index], at: vertices) > 0) != stillPositiveArea[index]
    }
}
