extension FaceIndex {
    public static let mouthCornerLeft = 291
    public static let mouthCornerRight = 61
    public static let upperLipInner = 13
    public static let lowerLipInner = 14
    /// Outer edge of the upper lip on the midline.
    public static let upperLipOuter = 0

    /// The inner lip contour as a closed polygon, from the right corner (the image's left) along
    /// the upper lip and back along the lower lip: where the mouth opening is.
    public static let innerLips: [Int] = [
        78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308,
        324, 318, 402, 317, 14, 87, 178, 88, 95,
    ]
    /// The corners of the inner lip contour: right (the image's left), then left.
    public static let innerMouthCorners = (right: 78, left: 308)
    /// The outer lip contour, closed the same way.
    public static let outerLips: [Int] = [
        61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291,
        375, 321, 405, 314, 17, 84, 181, 91, 146,
    ]

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

    public static let leftSide = FaceSide(
        mouthCorner: mouthCornerLeft, upperLip: [267, 269], lowerLip: [314, 405],
        lipsUpper: 269, lipsLower: 405, cheek: [347, 330, 280],
        noseWing: [358, 327, 294, 278, 331, 279])
    public static let rightSide = FaceSide(
        mouthCorner: mouthCornerRight, upperLip: [37, 39], lowerLip: [84, 181],
        lipsUpper: 39, lipsLower: 181, cheek: [118, 101, 50],
        noseWing: [129, 98, 64, 48, 102, 49])
}
