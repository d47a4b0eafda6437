import FaceGeometry
import Imaging
import Motion

/// Where the inside of an opening mouth comes from.
public enum MouthSource: String, CaseIterable, Sendable {
    /// The driver's own mouth interior, recoloured in the character's palette.
    case driver
    /// A cavity with teeth and tongue drawn in the character's palette.
    case synth
}

/// The driver's pixels for one frame: its mouth interior for `MouthSource.driver`, and for
/// `synth` which teeth it shows (`TeethShown`).
public struct DriverMouth {
    public var image: RGBImage
    /// The driver's 478 landmarks in `image` pixels.
    public var points: [Point2]

    public init(image: RGBImage, points: [Point2]) {
        self.image = image
        self.points = points
    }
}

/// Renders the character giving one frame of a performance: the whole-image mesh warp, drawn far
/// to near so a turning head's near side covers its far side, then lid skin over shutting eyes,
/// then the irises, then the mouth
/// interior where the lips have parted further than in the still.
public final class FaceRenderer {
    public let character: CharacterFace
    public let rig: CharacterRig
    public let palette: CharacterPalette
    /// The still image.
    public let still: RGBImage
    /// The still with the irises lifted out: what the mesh warps.
    let texture: RGBImage
    let eyes: EyeRenderer
    /// The lid skin drawn over eyes as they shut.
    let lids: EyelidSkin
    /// The lips' gap in the still, in pixels, at the middle of the mouth.
    let stillLipGap: Float
    /// The still's mouth width between the inner lip corners, in pixels: the scale an opening is
    /// judged on.
    let stillMouthWidth: Float
    /// Whether the still shows the inside of the mouth (lips apart by more than
    /// `openMouthFraction` of the mouth's width).
    let stillMouthOpen: Bool
    /// The still's own open mouth, redrawn so its teeth stay with the lips (nil when closed).
    let openMouth: OpenMouthInterior?
    public static let openMouthFraction: Float = 0.08
    /// Lips parted by less than this share of the mouth's width are closed: pressed, pursed and
    /// pouting lips roll their inner edges a little apart without opening, and drawing a cavity
    /// there shows as a dark slit between closed lips. About 2 mm on an adult mouth.
    public static let closedLipsFraction: Float = 0.04
    /// Past `closedLipsFraction`, the interior fades in over this further share of the width.
    public static let mouthFadeFraction: Float = 0.04
    /// The driver's creases, drawn when the driver's pixels come with each frame.
    public var detail: ExpressionDetail?
    /// The still's person and background, when a person matte was given (`usePersonMatte`):
    /// the warp is then laid over the still's own background.
    public private(set) var personLayer: PersonLayer?

    /// Lays every frame's warp over the still's background by `matte` (the still's person
    /// matte, 1 on the person, at the still's size), so the background stays where it is.
    public func usePersonMatte(_ matte: FloatPlane) {
        personLayer = PersonLayer(still: texture, matte: matte)
    }

    /// - Parameter rings: the rig's rings of extra points (`CharacterRig.rings`, or `clipRings`
    ///   for a frame of a character clip that keeps its own pose).
    /// - Parameter previousRig: the rig of the frame before, for a character clip (its triangles
    ///   are reused where they fit).
    public init(
        image: RGBImage, face: CharacterFace, rings: [CharacterRig.Ring] = CharacterRig.rings, previousRig: CharacterRig? = nil
    ) {
        character = face
        still = image
        rig = CharacterRig(face: face, width: image.width, height: image.height, rings: rings, previous: previousRig)
        palette = CharacterPalette(image: image, face: face)
        let points = face.landmarks.map(\.xy)
        eyes = EyeRenderer(image: image, points: points)
        texture = eyes.cleaned(image, sclera: palette.sclera)
        lids = EyelidSkin(texture: texture, points: points, vertices: rig.points, triangles: rig.triangles, palette: palette)
        stillLipGap = Self.lipGap(points)
        stillMouthWidth = points[FaceIndex.innerMouthCorners.right].distance(to: points[FaceIndex.innerMouthCorners.left])
        stillMouthOpen = stillLipGap > Self.openMouthFraction * stillMouthWidth
        openMouth = stillMouthOpen ? OpenMouthInterior(stillPoints: points, palette: palette) : nil
    }

    /// Where everything goes in one frame: what the colour and, for a character with
    /// transparency, the alpha plane are both drawn from, so the two stay registered.
    public struct FrameGeometry: Sendable {
        /// Every rig vertex's target position.
        public let vertices: [Point2]
        /// The rig's triangles in painting order (far to near).
        public let order: [IndexTriangle]
        /// The 478 landmarks' target positions.
        public let points: [Point2]
        /// The head's size now relative to the still.
        public let headScale: Float
        /// How much of the mouth interior is drawn (0: none, the lips closed or the still's own
        /// open mouth kept; 1: fully).
        public let mouthOpacity: Float
    }

    public func geometry(for frame: RetargetedFace) -> FrameGeometry {
        let (targets, depths) = rig.targets(face: frame.landmarks)
        let points = frame.landmarks.map(\.xy)
        let headScale = Float(frame.transform.scale / character.transform.scale)
        // The interior fades in once the lips part by more than a closed mouth's share of its
        // width (the still's width, scaled with the head: a pucker narrows the mouth itself). A
        // still whose mouth is already open keeps its own teeth and tongue (`OpenMouthInterior`),
        // so nothing is drawn from elsewhere.
        let opacity =
            stillMouthOpen
            ? 0
            : Self.mouthOpacity(
                opening: Self.lipGap(points) - stillLipGap * headScale,
                mouthWidth: stillMouthWidth * headScale)
        return FrameGeometry(
            vertices: targets, order: drawOrder(targets, depths), points: points, headScale: headScale,
            mouthOpacity: opacity)
    }

    /// One output frame at the still image's size.
    public func render(_ frame: RetargetedFace, mouth: MouthSource = .synth, driver: DriverMouth? = nil) -> RGBImage {
        render(geometry(for: frame), mouth: mouth, driver: driver)
    }

    /// One output frame at the still image's size, from its geometry.
    public func render(_ geometry: FrameGeometry, mouth: MouthSource = .synth, driver: DriverMouth? = nil) -> RGBImage {
        // With a person layer the person is warped alone and laid over the background, where
        // anything moved: an unmoved triangle keeps the still's own pixels, and its matte stays
        // "solid" (255) so the lay-over leaves it alone.
        var out = texture
        MeshWarp.draw(
            source: personLayer?.person ?? texture, sourcePoints: rig.points, targetPoints: geometry.vertices,
            triangles: geometry.order, into: &out, skipUnmoved: true)
        if let personLayer {
            var warpedMatte = GrayImage(width: out.width, height: out.height, fill: 255)
            MeshWarp.draw(
                source: personLayer.matte, sourcePoints: rig.points, targetPoints: geometry.vertices,
                triangles: geometry.order, into: &warpedMatte, skipUnmoved: true, sums: personLayer.matteSums)
            personLayer.composite(&out, warpedMatte: warpedMatte)
        }

        let points = geometry.points
        if let detail, let driver {
            detail.apply(into: &out, points: points, triangles: geometry.order, driver: driver.image, driverPoints: driver.points)
        }
        lids.draw(into: &out, sourcePoints: rig.points, vertices: geometry.vertices, points: points, headScale: geometry.headScale)
        eyes.drawIrises(into: &out, from: still, points: points, scale: geometry.headScale)

        let opacity = geometry.mouthOpacity
        if let openMouth {
            openMouth.draw(into: &out, from: texture, points: points)
        } else if opacity > 0 {
            switch (mouth, driver) {
            case (.driver, let driver?):
                MouthRenderer.fromDriver(
                    into: &out, points: points, driver: driver.image, driverPoints: driver.points,
                    palette: palette, opacity: opacity)
            default:
                // Measured only here, on frames whose interior is drawn: most frames have the lips closed.
                let teeth = driver.flatMap { TeethShown(image: $0.image, points: $0.points) } ?? .full
                MouthRenderer.synthetic(into: &out, points: points, palette: palette, opacity: opacity, teeth: teeth)
            }
        }
        return out
    }

    /// Triangles in painting order. Everything outside the face (hair, neck, background) first,
    /// as it is always behind the face; then the face's triangles far to near by mean depth, so
    /// that on a turned head the near cheek and nose cover the compressed far side. A face
    /// triangle whose corners have turned over (`vertices` against the still) faces away from
    /// the viewer: it goes before every face triangle that still faces the viewer, so whatever
    /// of the face's near surface lies over it hides it even where mean depths would put it in
    /// front (its pixels would show mirrored), yet a small fold at the outline with nothing in
    /// front still fills its place instead of leaving a notch.
    func drawOrder(_ vertices: [Point2], _ depths: [Float]) -> [IndexTriangle] {
        var behind: [IndexTriangle] = [], turned: [(IndexTriangle, Float)] = [], face: [(IndexTriangle, Float)] = []
        let faceCount = CharacterRig.facePointCount
        for (index, t) in rig.triangles.enumerated() {
            if t.a >= faceCount || t.b >= faceCount || t.c >= faceCount {
                behind.append(t)
            } else {
                let depth = depths[t.a] + depths[t.b] + depths[t.c]
                if rig.isTurnedOver(index, at: vertices) { turned.append((t, depth)) } else { face.append((t, depth)) }
            }
        }
        turned.sort { $0.1 > $1.1 }
        face.sort { $0.1 > $1.1 }
        return behind + turned.map(\.0) + face.map(\.0)
    }

    /// How much of the interior to draw for lips `opening` pixels further apart than the still's,
    /// on a mouth `mouthWidth` pixels wide: 0 up to `closedLipsFraction` of the width (at least
    /// half a pixel), rising to 1 over the next `mouthFadeFraction` (at least two pixels).
    static func mouthOpacity(opening: Float, mouthWidth: Float) -> Float {
        let closed = max(0.5, closedLipsFraction * mouthWidth)
        let fade = max(2, mouthFadeFraction * mouthWidth)
        return min(max((opening - closed) / fade, 0), 1)
    }

    /// Distance between the inner lips' midpoints, in pixels.
    static func lipGap(_ points: [Point2]) -> Float { points[FaceIndex.upperLipInner].distance(to: points[FaceIndex.lowerLipInner]) }
}
