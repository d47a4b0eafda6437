extension FaceIndex {
    /// One eye: its corners, lids, the skin rings around them, the iris and the brow above.
    public struct Eye: Sendable {
        public let outerCorner: Int, innerCorner: Int
        /// Each lid from the outer corner to the inner one, paired index by index with the lid
        /// opposite.
        public let upperLid: [Int], lowerLid: [Int]
        /// The skin ring just outside each lid, paired index by index with the lid.
        public let upperRing: [Int], lowerRing: [Int]
        /// Upper/lower lid pairs near the middle, from outer to inner, each roughly vertically
        /// aligned: where the opening is measured.
        public let lidPairs: [(upper: Int, lower: Int)]
        /// Iris centre, then its four edge points.
        public let iris: [Int]
        /// Brow points: inner (upper and lower edge) and outer (upper and lower edge).
        public let browInner: [Int], browOuter: [Int]

        public var irisCenter: Int { iris[0] }
        /// The opening as a closed polygon: corner, upper lid, corner, lower lid backwards.
        public var opening: [Int] { [outerCorner] + upperLid + [innerCorner] + lowerLid.reversed() }
        /// The corners, lids and rings: the points a lid's movement carries.
        public var all: [Int] { [outerCorner, innerCorner] + upperLid + lowerLid + upperRing + lowerRing }
    }

    /// The subject's left eye, on the image's right.
    public static let leftEye = Eye(
        outerCorner: 263, innerCorner: 362,
        upperLid: [466, 388, 387, 386, 385, 384, 398], lowerLid: [249, 390, 373, 374, 380, 381, 382],
        upperRing: [467, 260, 259, 257, 258, 286, 414], lowerRing: [255, 339, 254, 253, 252, 256, 341],
        lidPairs: [(387, 373), (386, 374), (385, 380)],
        iris: [473, 474, 475, 476, 477],
        browInner: [336, 285], browOuter: [300, 276])

    /// The subject's right eye, on the image's left.
    public static let rightEye = Eye(
        outerCorner: 33, innerCorner: 133,
        upperLid: [246, 161, 160, 159, 158, 157, 173], lowerLid: [7, 163, 144, 145, 153, 154, 155],
        upperRing: [247, 30, 29, 27, 28, 56, 190], lowerRing: [25, 110, 24, 23, 22, 26, 112],
        lidPairs: [(160, 144), (159, 145), (158, 153)],
        iris: [468, 469, 470, 471, 472],
        browInner: [107, 55], browOuter: [70, 46])

    /// Both eyes, from the image's left: the right eye, then the left.
    public static let eyes = [rightEye, leftEye]
}
