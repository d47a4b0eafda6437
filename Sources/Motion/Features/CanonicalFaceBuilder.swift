import FaceGeometry
import Foundation

/// Makes the project's neutral canonical face from one mesh of a frontal, neutral face
/// (`Scripts/make-canonical-face` runs it on `Samples/character.jpg` and writes
/// `CanonicalFace.swift`). Steps:
/// 1. Flip the 468 mesh points to y up, z towards the camera (pixels; the mesh's z is on x's scale).
/// 2. Find the left/right pairing and the symmetry plane together, three rounds: reflect the
///    points in the current plane (first: the plane through the centroid normal to the
///    eye-corner line 33→263), pair each point with the point nearest its reflection by a greedy
///    matching of mutual costs (so the pairing is an involution; midline points pair with
///    themselves), then re-estimate the plane normal as the mean of the pair differences.
/// 3. Symmetrise: each point becomes the mean of itself and its partner's reflection.
/// 4. Axes: x = the plane normal (towards the image's right), z = the camera direction made
///    perpendicular to x (so the sample's pitch is zero by definition), y = z × x. Origin: the
///    centroid; unit: the outer-eye-corner distance (33–263).
public enum CanonicalFaceBuilder {
    public struct Result: Sendable {
        /// 468 points in the head frame, outer-eye-corner distance 1.
        public var points: [Vec3]
        /// `mirror[i]`: the point symmetric to i (i itself on the midline).
        public var mirror: [Int]
        /// Maps a flipped image point (`HeadFrame.flipped`) into the head frame.
        public var toHead: (origin: Vec3, axes: Mat3, unit: Double)

        public func head(_ p: LandmarkPoint) -> Vec3 {
            toHead.axes * (HeadFrame.flipped(p) - toHead.origin) / toHead.unit
        }
    }

    public static func build(from landmarks: [LandmarkPoint]) -> Result {
        precondition(landmarks.count >= 468)
        let p = landmarks.prefix(468).map(HeadFrame.flipped)
        let centroid = p.reduce(Vec3(repeating: 0), +) / Double(p.count)
        var normal = normalize(p[FaceIndex.leftEye.outerCorner] - p[FaceIndex.rightEye.outerCorner])
        var offset = dot(centroid, normal)
        var pairs = Array(0..<468)
        for _ in 0..<3 {
            let reflect = { (v: Vec3) in v - 2 * (dot(v, normal) - offset) * normal }
            let r = p.map(reflect)
            pairs = greedyPairing(p, r)
            var sum = Vec3(repeating: 0)
            for i in 0..<468 where pairs[i] > i {
                var d = p[i] - p[pairs[i]]
                if dot(d, normal) < 0 { d = -d }
                sum += d
            }
            normal = normalize(sum)
            offset = (0..<468).reduce(0.0) { $0 + dot((p[$1] + p[pairs[$1]]) / 2, normal) } / 468
        }
        let reflect = { (v: Vec3) in v - 2 * (dot(v, normal) - offset) * normal }
        let s = (0..<468).map { (p[$0] + reflect(p[pairs[$0]])) / 2 }
        let origin = s.reduce(Vec3(repeating: 0), +) / 468
        let x = normalize(normal)
        let camera = Vec3(0, 0, 1)
        let z = normalize(camera - dot(camera, x) * x)
        let y = cross(z, x)
        let axes = Mat3(rows: [x, y, z])
        let eyeSpan = s[FaceIndex.leftEye.outerCorner] - s[FaceIndex.rightEye.outerCorner]
        let unit = (eyeSpan * eyeSpan).sum().squareRoot()
        var points = s.map { axes * ($0 - origin) / unit }
        for i in 0..<468 where pairs[i] == i { points[i].x = 0 }
        return Result(points: points, mirror: pairs, toHead: (origin, axes, unit))
    }

    /// Left/right pairs known from the mesh's own index tables (`MeshTopology`): the two eye
    /// tables list mirror points in the same order, and the lip table is eight rows (11, 9, 11,
    /// 9, …) that each run from one side to the other. Dense areas (closed lips, eye corners)
    /// defeat nearest-neighbour pairing, so these are fixed first.
    public static var knownPairs: [(Int, Int)] {
        var pairs = Array(zip(MeshTopology.rightEyeRefinement, MeshTopology.leftEyeRefinement))
        var start = 0
        for length in [11, 9, 11, 9, 11, 9, 11, 9] {
            let row = Array(MeshTopology.lipsRefinement[start..<start + length])
            for k in 0..<length / 2 + 1 { pairs.append((row[k], row[length - 1 - k])) }
            start += length
        }
        return pairs
    }

    /// Pairs each point with the one nearest its reflection: `knownPairs` first, then greedy
    /// over the symmetric cost |r_i − p_j| + |r_j − p_i| in increasing order, so the result is
    /// an involution (a point left without a partner pairs with itself).
    static func greedyPairing(_ p: [Vec3], _ r: [Vec3]) -> [Int] {
        let n = p.count
        var pair = [Int](repeating: -1, count: n)
        for (a, b) in knownPairs { pair[a] = b; pair[b] = a }
        var candidates: [(cost: Double, i: Int, j: Int)] = []
        candidates.reserveCapacity(n * (n + 1) / 2)
        for i in 0..<n where pair[i] < 0 {
            for j in i..<n where pair[j] < 0 {
                let a = r[i] - p[j], b = r[j] - p[i]
                candidates.append(((a * a).sum().squareRoot() + (b * b).sum().squareRoot(), i, j))
            }
        }
        candidates.sort { $0.cost < $1.cost }
        for c in candidates where pair[c.i] < 0 && pair[c.j] < 0 {
            pair[c.i] = c.j
            pair[c.j] = c.i
        }
        return pair
    }

    /// Swift source for `CanonicalFace.swift`.
    public static func swiftSource(_ result: Result, irisOffset: (x: Double, y: Double), provenance: String) -> String {
        var out = """
            // GENERATED by Scripts/make-canonical-face — do not edit by hand.
            //
            \(provenance.split(separator: "\n").map { "// " + $0 }.joined(separator: "\n"))

            /// The project's neutral canonical face (see `CanonicalFaceBuilder` for how it is made):
            /// 468 points of MediaPipe's mesh in a head frame (x towards the subject's left = the
            /// image's right, y up, z towards the camera), centred on the points' centroid, exactly
            /// symmetric about x = 0, scaled so that the outer eye corners (33, 263) are 1 apart.
            public enum CanonicalFace {
                /// x, y, z of each of the 468 points, flattened.
                public static let coordinates: [Float] = [

            """
        for (i, v) in result.points.enumerated() {
            out += String(format: "        %.5f, %.5f, %.5f,", v.x, v.y, v.z) + " // \(i)\n"
        }
        out += "    ]\n\n    /// mirror[i]: the mesh point symmetric to i (i itself on the midline).\n"
        out += "    public static let mirror: [Int] = [\n"
        for row in stride(from: 0, to: 468, by: 12) {
            out += "        " + result.mirror[row..<min(row + 12, 468)].map { String($0) }.joined(separator: ", ") + ",\n"
        }
        out += "    ]\n\n"
        out += """
                /// Where the iris centre sits on the sample, relative to its eye (see `GazeEstimator`):
                /// x outward (towards the ear), y up, in half eye widths; averaged over both eyes.
                public static let neutralIrisOffset = (outward: Float(\(String(format: "%.5f", irisOffset.x))), up: Float(\(String(format: "%.5f", irisOffset.y))))
            }

            """
        return out
    }
}

@inlinable func dot(_ a: Vec3, _ b: Vec3) -> Double { (a * b).sum() }
@inlinable func normalize(_ a: Vec3) -> Vec3 { a / dot(a, a).squareRoot() }
@inlinable func cross(_ a: Vec3, _ b: Vec3) -> Vec3 {
    Vec3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
