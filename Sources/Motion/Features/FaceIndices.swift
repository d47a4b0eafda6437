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
    /// Outer edge of the upper lip on the midline.
    public static let upperLipOuter = 0
    /// The chin boss: the lip–chin crease (18) and the soft chin below it (200), on the midline.
    public static let chinBoss: [Int] = [18, 200]
    /// The chin and the jaw line either side of it: a mirror-symmetric set, so its mean x is the
    /// chin's sideways offset.
    public static let chinAndJaw: [Int] = [152, 148, 377, 176, 400]
    /// Each lip's top and bottom edge on the midline and either side, for its thickness: the
    /// upper lip from its outer edge down to its inner edge, the lower lip from its inner edge
    /// down to its outer edge.
    public static let upperLipEdges: [(top: Int, bottom: Int)] = [(0, 13), (37, 82), (267, 312)]
    public static let lowerLipEdges: [(top: Int, bottom: Int)] = [(14, 17), (87, 84), (317, 314)]

    /// The points of one side of the lower face.
    public struct FaceSide: Sendable {
        public let mouthCorner: Int
        /// Outer upper and lower lip between the midline and the corner.
        public let upperLip: [Int], lowerLip: [Int]
        /// Outer upper and lower lip points roughly above each other, halfway out to the corner:
        /// their distance is both lips' height there.
        public let lipsUpper: Int, lipsLower: Int
        /// Cheek points below the eye, from under the lower lid to the cheek's front.
        public let cheek: [Int]
        /// Points around the nose wing (ala).
        public let noseWing: [Int]
    }

    public static let leftSide = FaceSide(mouthCorner: mouthCornerLeft, upperLip: [267, 269], lowerLip: [314, 405],
                                          lipsUpper: 269, lipsLower: 405, cheek: [347, 330, 280],
                                          noseWing: [358, 327, 294, 278, 331, 279])
    public static let rightSide = FaceSide(mouthCorner: mouthCornerRight, upperLip: [37, 39], lowerLip: [84, 181],
                                           lipsUpper: 39, lipsLower: 181, cheek: [118, 101, 50],
                                           noseWing: [129, 98, 64, 48, 102, 49])

    /// Mirror pairs (left, right) across the cheeks, from beside the mouth out to the jaw's
    /// corner, for the face's width there. None is a `rigid` point.
    public static let cheekWidthPairs: [(left: Int, right: Int)] = [(425, 205), (411, 187), (427, 207), (434, 214), (436, 216)]
}
