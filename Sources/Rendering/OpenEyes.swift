import FaceGeometry
import Foundation
import Imaging
import Motion

/// Keeps a character clip's eyes open where the clip closes them on its own, so the output blinks
/// when the driver blinks and not when the person in the clip did: each eye that is more closed
/// than it typically is open (the widest opening seen, slowly forgotten) is replaced by the last
/// frame's eye where it was open, warped into place.
///
/// The patch is the eye with its lids and the skin rings around them, carried from the open
/// frame's head into this frame's (so it follows the head) inside a band out to `boundaryScale`
/// times the ring's reach. It is laid over the frame fully near the eye and fading out before the
/// band's edge (`EyeRegion`), with its light shifted to the frame's (the mean difference in the
/// fading band), so neither a seam nor a step in brightness shows where a patch taken a second
/// earlier meets skin lit differently now. The frame's landmarks for that eye become the
/// patch's, so everything drawn later (irises, the driver's blinks) sees an open eye.
///
/// How much of the patch is laid (its cover) is a switch with a short fade in time, not a share
/// of how far the eye has closed: an eye below `closingShare` of its typical opening is covered
/// until it is back at `openShare`, fading in and out over `fadeSeconds`. Laid half over a
/// narrowed eye, the open eye showed both lid lines at once (a ghost that dlib read as a narrow
/// eye); the latentsync clip's squints kept a quarter of its frames half covered. A fast blink
/// is still covered at once: between `closingShare` and `closedShare` the cover is at least
/// that share's. An eye between `closingShare` and `openShare` is left as it is unless it is
/// already covered: covered from 0.8 on, a fine open eye (MediaPipe's opening varies by a tenth
/// frame to frame) was swapped for an older one that looked narrower.
public struct OpenEyes {
    /// An eye at least this share of its typical opening counts as open (and becomes the one kept).
    public static let openShare = 0.85
    /// Below this share the patch comes on...
    public static let closingShare = 0.7
    /// ...and below this it covers the eye fully at once (a blink's first frames).
    public static let closedShare = 0.5
    /// How long the patch takes to come fully on or off (seconds): two frames at 25 frames/s.
    public static let fadeSeconds = 0.08
    /// The patch's outer edge, as a multiple of the ring's distance from the eye's centre: beyond
    /// where it has faded out (`EyeRegion.edge`), so the fade is all on drawn pixels.
    public static let boundaryScale: Float = 1.9
    /// An open eye older than this (seconds) is not used: the head, light or expression may
    /// have changed too much since. Long enough for a squint held through a sentence (the
    /// latentsync clip's run for about 4 s); the light is matched and the pose carried anyway.
    public static let maximumAge = 6.0

    struct Kept {
        var image: RGBImage
        var face: CharacterFace
        var time: Double
    }

    /// How fast an eye's typical opening forgets its widest (share a second): a clip whose
    /// person squints for a few seconds keeps being measured against the eye they had open
    /// before, instead of the squint becoming the new open eye frame by frame.
    public static let typicalDecayPerSecond = 0.05

    private var kept: [Kept?] = Array(repeating: nil, count: FaceIndex.eyes.count)
    /// Per eye: its typical open opening (the widest seen, decaying) and when it was updated.
    private var typical: [(opening: Double, time: Double)?] = Array(repeating: nil, count: FaceIndex.eyes.count)
    /// Per eye: whether it is being covered, the cover laid on the last frame, and that frame's time.
    private var covering: [Bool] = Array(repeating: false, count: FaceIndex.eyes.count)
    private var cover: [Float] = Array(repeating: 0, count: FaceIndex.eyes.count)
    private var lastTime: Double?

    public init() {}

    /// The eye's typical opening at `time`, taking `opening` into account.
    mutating func typicalOpening(_ e: Int, _ opening: Double, at time: Double) -> Double {
        var widest = opening
        if let last = typical[e] {
            widest = max(opening, last.opening * exp(-Self.typicalDecayPerSecond * max(time - last.time, 0)))
        }
        typical[e] = (widest, time)
        return widest
    }

    /// Opens the eyes of frame `image` (face `face`, at `time` seconds of playing) that are
    /// closing, in place; returns the face with those eyes' landmarks moved to the patch's.
    public mutating func apply(to image: inout RGBImage, face: CharacterFace, time: Double) -> CharacterFace {
        var points = face.landmarks
        var changed = false
        // A frame's step of fade; the first frame, or one after a jump back, fades nothing.
        let step = Float(min(max(time - (lastTime ?? time), 0), Self.fadeSeconds) / Self.fadeSeconds)
        lastTime = time
        for (e, eye) in FaceIndex.eyes.enumerated() {
            let opening = face.eyeOpening(eye)
            let share = opening / max(typicalOpening(e, opening, at: time), 1e-6)
            cover[e] = Self.nextCover(cover[e], covering: &covering[e], share: share, step: step)
            if cover[e] == 0 {
                // Kept only when nothing of an older patch is still laid: while it fades out,
                // the frames it fades into must not become the patch.
                if share >= Self.openShare { kept[e] = Kept(image: image, face: face, time: time) }
                continue
            }
            if let open = kept[e], time - open.time > Self.maximumAge { kept[e] = nil }
            guard let open = kept[e] else {
                (covering[e], cover[e]) = (false, 0)
                continue
            }
            Self.transplant(eye, from: open, into: &image, face: face, points: &points, cover: cover[e])
            changed = true
        }
        return changed ? CharacterFace(landmarks: points) : face
    }

    /// The cover on this frame for an eye at `share` of its typical opening, from `previous` on
    /// the last frame and `step` (this frame's time over `fadeSeconds`, at most 1); `covering`
    /// is switched on below `closingShare` and off at `openShare`.
    static func nextCover(_ previous: Float, covering: inout Bool, share: Double, step: Float) -> Float {
        if share < closingShare { covering = true }
        if share >= openShare { covering = false }
        guard covering else { return max(previous - step, 0) }
        let byShare = Float(min(max((closingShare - share) / (closingShare - closedShare), 0), 1))
        return min(max(previous + step, byShare), 1)
    }

    /// Warps `open`'s eye onto `image` at `face`'s head, with opacity `cover`, and moves the eye's
    /// landmarks in `points` that share of the way to the patch's.
    static func transplant(
        _ eye: FaceIndex.Eye, from open: Kept, into image: inout RGBImage, face: CharacterFace,
        points: inout [LandmarkPoint], cover: Float
    ) {
        let inner = eye.all + eye.iris
        let ring = [eye.outerCorner] + eye.upperRing + [eye.innerCorner] + eye.lowerRing.reversed()
        // Where the open eye's points go in this frame: its head-frame shape, this frame's pose.
        let carried = inner.map { HeadFrame.landmark(face.transform.apply(open.face.head[$0])) }
        var source = inner.map { open.face.landmarks[$0].xy }
        var target = carried.map(\.xy)
        func centre(_ landmarks: [LandmarkPoint]) -> Point2 { (landmarks[eye.outerCorner].xy + landmarks[eye.innerCorner].xy) / 2 }
        // The band's outer edge: each face's own ring, pushed out from its own eye centre.
        func boundary(_ landmarks: [LandmarkPoint]) -> [Point2] {
            ring.map { centre(landmarks) + (landmarks[$0].xy - centre(landmarks)) * boundaryScale }
        }
        source += boundary(open.face.landmarks)
        target += boundary(face.landmarks)
        let triangles = DelaunayTriangulation.triangles(target).filter { t in
            // A triangle turned over between the two faces would smear; leave it out.
            let a = MeshWarp.cross(source[t.b] - source[t.a], source[t.c] - source[t.a])
            let b = MeshWarp.cross(target[t.b] - target[t.a], target[t.c] - target[t.a])
            return a * b > 0
        }
        // Drawn into a window around the patch, not a copy of the whole frame: this runs for
        // every closing eye of every frame.
        let xs = target.map(\.x), ys = target.map(\.y)
        let x0 = max(Int(xs.min()!) - 2, 0), y0 = max(Int(ys.min()!) - 2, 0)
        let x1 = min(Int(xs.max()!) + 3, image.width), y1 = min(Int(ys.max()!) + 3, image.height)
        guard x0 < x1, y0 < y1 else { return }
        let window = IntRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        let shifted = target.map { Point2($0.x - Float(x0), $0.y - Float(y0)) }
        var patch = image.cropped(to: window)
        _ = MeshWarp.draw(source: open.image, sourcePoints: source, targetPoints: shifted, triangles: triangles, into: &patch)
        // Where the patch was drawn (the turned-over triangles left out are holes in it): a
        // one-pixel white source, read clamped to its edge, is white everywhere.
        var drawn = GrayImage(width: window.width, height: window.height)
        _ = MeshWarp.draw(
            source: GrayImage(width: 1, height: 1, fill: 255), sourcePoints: source, targetPoints: shifted,
            triangles: triangles, into: &drawn)
        let region = EyeRegion(
            centre: centre(face.landmarks), outer: face.landmarks[eye.outerCorner].xy, ring: ring.map { face.landmarks[$0].xy })
        region.blend(patch, drawn: drawn, at: window, into: &image, cover: cover)
        for (k, i) in inner.enumerated() {
            let p = points[i], q = carried[k]
            points[i] = LandmarkPoint(x: p.x + (q.x - p.x) * cover, y: p.y + (q.y - p.y) * cover, z: p.z + (q.z - p.z) * cover)
        }
    }
}

/// The skin around one eye as an ellipse on the eye's corner line, through its ring of skin
/// landmarks: where an open-eye patch is laid, how it fades out, and the band its light is
/// matched on.
struct EyeRegion {
    /// Inside this normalised radius (1: the ring) the patch covers fully...
    static let solid: Float = 1.1
    /// ...and from there it fades out to nothing here (inside `OpenEyes.boundaryScale`, where the
    /// patch ends).
    static let edge: Float = 1.5

    let centre: Point2
    /// Unit vector along the corner line.
    let axis: Point2
    /// Semi-axes along and across the corner line, in pixels.
    let along: Float, across: Float

    init(centre: Point2, outer: Point2, ring: [Point2]) {
        self.centre = centre
        let d = outer - centre
        let length = max((d.x * d.x + d.y * d.y).squareRoot(), 1e-3)
        axis = Point2(d.x / length, d.y / length)
        var a: Float = 1, b: Float = 1
        for p in ring {
            let v = p - centre
            a = max(a, abs(v.x * axis.x + v.y * axis.y))
            b = max(b, abs(v.y * axis.x - v.x * axis.y))
        }
        along = a
        // A ring squeezed by a shut eye still has skin above and below.
        across = max(b, 0.3 * a)
    }

    /// The normalised radius of pixel (x, y): 1 on the ring's ellipse.
    func radius(_ x: Int, _ y: Int) -> Float {
        let v = Point2(Float(x) + 0.5 - centre.x, Float(y) + 0.5 - centre.y)
        let u = (v.x * axis.x + v.y * axis.y) / along, w = (v.y * axis.x - v.x * axis.y) / across
        return (u * u + w * w).squareRoot()
    }

    /// Lays `patch` (the frame with the open eye warped in) over `image`: fully inside `solid`,
    /// fading to nothing at `edge`, times `cover`; the patch's light is first shifted by the
    /// mean difference between frame and patch in the fading band, so a patch taken under other
    /// light does not show as a step.
    /// `patch` and `drawn` cover `window` of `image`.
    func blend(_ patch: RGBImage, drawn: GrayImage, at window: IntRect, into image: inout RGBImage, cover: Float) {
        let reach = Self.edge * max(along, across) + 1
        let x0 = max(Int(centre.x - reach), window.x), x1 = min(Int(centre.x + reach) + 1, window.x + window.width)
        let y0 = max(Int(centre.y - reach), window.y), y1 = min(Int(centre.y + reach) + 1, window.y + window.height)
        guard x0 < x1, y0 < y1 else { return }
        // Pixel (x, y) of the image is pixel (x - window.x, y - window.y) of `patch` and `drawn`.
        @inline(__always) func local(_ x: Int, _ y: Int) -> Int { (y - window.y) * window.width + (x - window.x) }
        var difference = [Float](repeating: 0, count: 3)
        var count: Float = 0
        for y in y0..<y1 {
            for x in x0..<x1 {
                let r = radius(x, y)
                guard r > Self.solid, r < Self.edge, drawn.pixels[local(x, y)] == 255 else { continue }
                let i = (y * image.width + x) * 3, j = local(x, y) * 3
                for c in 0..<3 { difference[c] += Float(image.pixels[i + c]) - Float(patch.pixels[j + c]) }
                count += 1
            }
        }
        if count > 0 { difference = difference.map { $0 / count } }
        for y in y0..<y1 {
            for x in x0..<x1 {
                let r = radius(x, y)
                guard r < Self.edge else { continue }
                var weight: Float = 1
                if r > Self.solid {
                    let t = (Self.edge - r) / (Self.edge - Self.solid)
                    weight = t * t * (3 - 2 * t)
                }
                weight *= cover * Float(drawn.pixels[local(x, y)]) / 255
                guard weight > 0 else { continue }
                let i = (y * image.width + x) * 3, j = local(x, y) * 3
                for c in 0..<3 {
                    let base = Float(image.pixels[i + c])
                    let laid = min(max(Float(patch.pixels[j + c]) + difference[c], 0), 255)
                    image.pixels[i + c] = UInt8((base + (laid - base) * weight).rounded())
                }
            }
        }
    }

}
