/// Named indices of MediaPipe's face mesh (468 points, then 5 per iris: 478), the one table every
/// layer reads landmarks through: no other code writes a landmark number.
///
/// **Left and right are the subject's** (as ARKit's blendshape names are): the subject's left eye
/// is on the image's right, around mesh points 362…263, with iris 473…477; the right eye is on
/// the image's left, around 33…133, with iris 468…472. Lists that run around a contour say where
/// they start and which way they go.
public enum FaceIndex {
    /// Points that move with the skull and hardly with expressions: forehead, nose bridge,
    /// cheekbones, temples and eye corners (no lips, jaw, eyelids or brows). The head pose is
    /// fitted on these.
    public static let rigid: [Int] = skull + cheekbones

    /// The rigid points a smile does not move either: forehead, nose, the face's sides at the
    /// ears, temples and eye corners (`rigid` without the cheekbones).
    public static let skull: [Int] = [
        10, 151, 9, 108, 337, 67, 297, 109, 338, 69, 299,  // forehead
        168, 6, 197, 195, 5, 4, 1,  // nose bridge and tip
        234, 454, 93, 323,  // face sides at the ears
        127, 356, 162, 389, 21, 251, 54, 284, 103, 332,  // temples, upper face sides
        33, 133, 362, 263,  // eye corners
    ]
    /// The cheekbones' peaks, which a smile lifts.
    public static let cheekbones: [Int] = [116, 345, 123, 352, 117, 346]

    public static let chin = 152
    public static let nasion = 168
    public static let noseTip = 1

    /// The chin boss: the lip–chin crease (18) and the soft chin below it (200), on the midline.
    public static let chinBoss: [Int] = [18, 200]
    /// The chin and the jaw line either side of it: a mirror-symmetric set, so its mean x is the
    /// chin's sideways offset.
    public static let chinAndJaw: [Int] = [152, 148, 377, 176, 400]

    /// The face outline: forehead top, down the image's right side (the subject's left), chin, up
    /// the other side.
    public static let faceOval: [Int] = [
        10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288,
        397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136,
        172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
    ]

    /// Mirror pairs (left, right) across the cheeks, from beside the mouth out to the jaw's
    /// corner, for the face's width there. None is a `rigid` point.
    public static let cheekWidthPairs: [(left: Int, right: Int)] = [(425, 205), (411, 187), (427, 207), (434, 214), (436, 216)]
}
