import FaceGeometry
import FaceTracking
import Imaging
import Motion

/// Which landmarks to join when drawing a face mesh over a frame (mesh indices 0…467).
///
/// actone does not ship MediaPipe's triangle list. It triangulates the project's own canonical face
/// (`CanonicalFace`, seen from the front) instead, once, and leaves out the triangles that would
/// bridge the eye openings and the mouth (those whose corners all lie on one eye's rim or on the
/// inner lips). The mesh's points reach right out to its outline, so the triangulation adds no
/// long slivers there (its longest edge is under 4× the typical one). Drawn through each frame's
/// landmarks, the triangles follow the face as MediaPipe's tessellation does. The outline, eyes,
/// brows and lips are drawn again, stronger, as `features`.
enum FaceWireframe {
    /// The mesh's edges, each once, smaller index first.
    static let edges: [(Int, Int)] = {
        let flat = CanonicalFace.points.map { Point2(Float($0.x), Float($0.y)) }
        let openings = [Set(MeshTopology.rightEyeContour), Set(MeshTopology.leftEyeContour), Set(innerLips)]
        let triangles = DelaunayTriangulation.triangles(flat).filter { t in
            !openings.contains { $0.contains(t.a) && $0.contains(t.b) && $0.contains(t.c) }
        }
        var seen = Set<Int>()
        var result: [(Int, Int)] = []
        for t in triangles {
            for e in t.edges where seen.insert(e.0 * MeshTopology.meshCount + e.1).inserted { result.append(e) }
        }
        return result
    }()

    /// Polylines drawn over the mesh: the face outline, eyes, brows and lips, each closed but the brows.
    static let features: [(points: [Int], closed: Bool)] = [
        (outline, true),
        (eyeRing(MeshTopology.rightEyeRefinement), true),
        (eyeRing(MeshTopology.leftEyeRefinement), true),
        // Brows (image-left, then image-right): upper and lower edge, each from the outer end inwards.
        ([70, 63, 105, 66, 107], false), ([46, 53, 52, 65, 55], false),
        ([300, 293, 334, 296, 336], false), ([276, 283, 282, 295, 285], false),
        (outerLips, true),
        (innerLips, true),
    ]

    /// The canonical face's outline: its convex hull seen from the front.
    static let outline: [Int] = ConvexHull.indices(CanonicalFace.points.map { Point2(Float($0.x), Float($0.y)) })

    /// The eye's rim from an eye-refinement table: its first 9 points run along the lower lid from
    /// corner to corner, the next 7 back along the upper lid's inner points.
    static func eyeRing(_ table: [Int]) -> [Int] {
        Array(table[0..<9]) + Array(table[9..<16].reversed())
    }

    // The attention model's lip table is four rings of 20: outer lower (11 points corner to corner)
    // and outer upper (9 between), then the inner lower and inner upper lips likewise.
    static let outerLips = Array(MeshTopology.lipsRefinement[0..<11]) + Array(MeshTopology.lipsRefinement[11..<20].reversed())
    static let innerLips = Array(MeshTopology.lipsRefinement[20..<31]) + Array(MeshTopology.lipsRefinement[31..<40].reversed())
}
