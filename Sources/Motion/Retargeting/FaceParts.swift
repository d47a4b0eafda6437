/// Which mesh points make up each part of the face, for retargeting and rendering.
///
/// Index facts of MediaPipe's 478-point mesh. "Image-left" is the eye on the image's left (the
/// subject's right: corners 33 and 133, iris 468…472); "image-right" is 263/362, iris 473…477.
public enum FaceParts {
    /// One eye's contour and the two rings of lid skin around it, each lid listed from the outer
    /// corner to the inner one and paired index by index with the lid opposite.
    public struct EyeContour: Sendable {
        public let outerCorner: Int, innerCorner: Int
        public let upperLid: [Int], lowerLid: [Int]
        /// The skin ring just outside each lid, paired index by index with the lid.
        public let upperRing: [Int], lowerRing: [Int]
        /// Iris centre, then its four edge points.
        public let iris: [Int]

        /// The opening as a closed polygon: corner, upper lid, corner, lower lid backwards.
        public var opening: [Int] { [outerCorner] + upperLid + [innerCorner] + lowerLid.reversed() }
        public var all: [Int] { [outerCorner, innerCorner] + upperLid + lowerLid + upperRing + lowerRing }
    }

    public static let imageLeftEye = EyeContour(
        outerCorner: 33, innerCorner: 133,
        upperLid: [246, 161, 160, 159, 158, 157, 173], lowerLid: [7, 163, 144, 145, 153, 154, 155],
        upperRing: [247, 30, 29, 27, 28, 56, 190], lowerRing: [25, 110, 24, 23, 22, 26, 112],
        iris: [468, 469, 470, 471, 472])
    public static let imageRightEye = EyeContour(
        outerCorner: 263, innerCorner: 362,
        upperLid: [466, 388, 387, 386, 385, 384, 398], lowerLid: [249, 390, 373, 374, 380, 381, 382],
        upperRing: [467, 260, 259, 257, 258, 286, 414], lowerRing: [255, 339, 254, 253, 252, 256, 341],
        iris: [473, 474, 475, 476, 477])
    public static let eyes = [imageLeftEye, imageRightEye]

    /// The inner lip contour as a closed polygon (from the image-left corner along the upper lip,
    /// back along the lower lip): where the mouth opening is.
    public static let innerLips: [Int] = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308,
                                          324, 318, 402, 317, 14, 87, 178, 88, 95]
    /// The outer lip contour, closed the same way.
    public static let outerLips: [Int] = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291,
                                          375, 321, 405, 314, 17, 84, 181, 91, 146]
    /// The face outline (forehead top, down the image-right side, chin, up the other side).
    public static let faceOval: [Int] = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288,
                                         397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136,
                                         172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109]
    public static let chin = 152
    public static let noseTip = 1
}
