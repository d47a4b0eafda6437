/// Mesh indices the motion features read (MediaPipe's 468-point mesh + 10 iris points).
/// "Left"/"right" here are the SUBJECT's (ARKit's convention): the subject's left eye is the
/// one on the image's right, around mesh points 362…263, with iris 473 (MediaPipe's
/// `MeshTopology` calls that one "right").
public enum FaceIndices {
    /// Points that move with the skull and hardly with expressions: forehead, nose bridge,
    /// cheekbones, temples and eye corners (no lips, jaw, eyelids or brows). The head pose
    /// is fitted on these.
    public static let rigid: [Int] = [
        10, 151, 9, 108, 337, 67, 297, 109, 338, 69, 299,            // forehead
        168, 6, 197, 195, 5, 4, 1,                                   // nose bridge and tip
        234, 454, 93, 323, 116, 345, 123, 352, 117, 346,             // cheekbones
        127, 356, 162, 389, 21, 251, 54, 284, 103, 332,              // temples, upper face sides
        33, 133, 362, 263,                                           // eye corners
    ]

    public struct Eye: Sendable {
        public let outer: Int, inner: Int
        /// Upper/lower lid pairs, from outer to inner (each pair roughly vertically aligned).
        public let lidPairs: [(upper: Int, lower: Int)]
        public let iris: Int
        /// Brow points: inner (upper and lower edge) and outer (upper and lower edge).
        public let browInner: [Int], browOuter: [Int]
    }

    public static let leftEye = Eye(outer: 263, inner: 362,
                                    lidPairs: [(387, 373), (386, 374), (385, 380)], iris: 473,
                                    browInner: [336, 285], browOuter: [300, 276])
    public static let rightEye = Eye(outer: 33, inner: 133,
                                     lidPairs: [(160, 144), (159, 145), (158, 153)], iris: 468,
                                     browInner: [107, 55], browOuter: [70, 46])

    public static let mouthCornerLeft = 291, mouthCornerRight = 61
    public static let upperLipInner = 13, lowerLipInner = 14
    public static let chin = 152, nasion = 168, noseTip = 1
}
