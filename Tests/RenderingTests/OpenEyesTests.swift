import FaceGeometry
import Imaging
import Motion
import Testing

@testable import Rendering

/// A character clip's own blinks are taken out: an eye the clip shuts is replaced by its last
/// open eye, carried into place, with its light matched to the frame and its edge faded.
@Suite struct OpenEyesTests {
    let open = SyntheticFace.landmarks()

    /// The synthetic face with both eyes shut by `fraction` (1: upper lids on the lower ones), drawn `lighter`.
    func shutFrame(lighter: UInt8, fraction: Float = 1) -> (image: RGBImage, face: CharacterFace) {
        var points = open
        for eye in FaceIndex.eyes {
            for (u, l) in zip(eye.upperLid, eye.lowerLid) {
                points[u].x += (points[l].x - points[u].x) * fraction
                points[u].y += (points[l].y - points[u].y) * fraction
                points[u].z += (points[l].z - points[u].z) * fraction
            }
        }
        var image = SyntheticFace.image(points)
        image.pixels = image.pixels.map { $0 &+ min(lighter, 255 - $0) }
        return (image, CharacterFace(landmarks: points))
    }

    static func meanLuma(_ image: RGBImage, inside polygon: [Point2]) -> Float {
        let mask = CoverageMask(polygon: polygon, width: image.width, height: image.height)
        var sum: Float = 0, n: Float = 0
        for y in mask.rect.y..<(mask.rect.y + mask.rect.height) {
            for x in mask.rect.x..<(mask.rect.x + mask.rect.width) where mask[x, y] > 0.99 {
                sum += luma(CharacterPalette.colour(image[x, y]))
                n += 1
            }
        }
        return n > 0 ? sum / n : .nan
    }

    @Test func aShutEyeIsReplacedByTheLastOpenOneInTheFramesLight() {
        var eyes = OpenEyes()
        var first = SyntheticFace.image(open)
        let openFace = CharacterFace(landmarks: open)
        let kept = eyes.apply(to: &first, face: openFace, time: 0)
        #expect(first == SyntheticFace.image(open), "an open eye is left as it is")
        #expect(kept.landmarks == openFace.landmarks)

        let shut = shutFrame(lighter: 12)
        var frame = shut.image
        let opened = eyes.apply(to: &frame, face: shut.face, time: 0.1)
        let reference = SyntheticFace.image(open)
        for eye in FaceIndex.eyes {
            // The landmarks say the eye is open again, as wide as it was.
            #expect(opened.eyeOpening(eye) > 0.9 * openFace.eyeOpening(eye))
            // Its opening shows the open eye (white and iris), in the shut frame's light.
            let opening = eye.opening.map { open[$0].xy }
            let was = Self.meanLuma(reference, inside: opening), now = Self.meanLuma(frame, inside: opening)
            let skin = Self.meanLuma(shut.image, inside: opening)
            #expect(abs(now - (was + 12)) < 10, "eye opening luma \(now), open eye \(was) + 12, shut lid \(skin)")
        }
        // Far from the eyes, nothing changed.
        let mouth = FaceIndex.outerLips.map { open[$0].xy }
        #expect(Self.meanLuma(frame, inside: mouth) == Self.meanLuma(shut.image, inside: mouth))
        #expect(frame[2, 2] == shut.image[2, 2])
    }

    @Test func theFadeHasNoStepAtItsEdge() {
        var eyes = OpenEyes()
        var first = SyntheticFace.image(open)
        _ = eyes.apply(to: &first, face: CharacterFace(landmarks: open), time: 0)
        let shut = shutFrame(lighter: 30)
        var frame = shut.image
        _ = eyes.apply(to: &frame, face: shut.face, time: 0.1)
        // Along a line out from each eye's centre, the change from the shut frame falls off
        // without a jump of more than a few levels between neighbouring pixels.
        for eye in FaceIndex.eyes {
            let centre = (open[eye.outerCorner].xy + open[eye.innerCorner].xy) / 2
            var previous: Float?
            for step in 0..<40 {
                let x = Int(centre.x), y = Int(centre.y) - 6 - step
                guard y >= 0 else { break }
                let change = abs(luma(CharacterPalette.colour(frame[x, y])) - luma(CharacterPalette.colour(shut.image[x, y])))
                if let previous { #expect(abs(change - previous) < 14, "step of \(abs(change - previous)) at y \(y)") }
                previous = change
            }
        }
    }

    @Test func anOpenEyeTooOldIsNotUsed() {
        var eyes = OpenEyes()
        var first = SyntheticFace.image(open)
        _ = eyes.apply(to: &first, face: CharacterFace(landmarks: open), time: 0)
        let shut = shutFrame(lighter: 0)
        var frame = shut.image
        let face = eyes.apply(to: &frame, face: shut.face, time: OpenEyes.maximumAge + 1)
        #expect(frame == shut.image)
        #expect(face.landmarks == shut.face.landmarks)
    }

    /// An eye that narrows a little each frame, as in a long squint, is still measured against
    /// how open it was: it does not become the new open eye step by step.
    @Test func aSlowSquintIsStillOpened() {
        var eyes = OpenEyes()
        let openFace = CharacterFace(landmarks: open)
        var face = openFace
        for k in 0...15 {
            let frame = shutFrame(lighter: 0, fraction: 0.03 * Float(k))
            var image = frame.image
            face = eyes.apply(to: &image, face: frame.face, time: 0.1 * Double(k))
        }
        for eye in FaceIndex.eyes {
            // Left alone it would be 0.55 of the open eye; the patch comes from the last frame
            // counted open (at least 0.85 of it).
            #expect(face.eyeOpening(eye) > 0.75 * openFace.eyeOpening(eye), "the squint at 45 % shut was opened")
        }
    }
    /// A squint held between `closedShare` and `closingShare` is covered fully once the fade
    /// is over, not by a share that lays the open eye half over the narrow one (both lid
    /// lines showing at once).
    @Test func aHeldSquintIsCoveredFullyAfterTheFade() {
        var eyes = OpenEyes()
        let openFace = CharacterFace(landmarks: open)
        var first = SyntheticFace.image(open)
        _ = eyes.apply(to: &first, face: openFace, time: 0)
        // 0.4 shut: about 0.6 of the open eye, between the two shares.
        var opened: [CharacterFace] = []
        for k in 1...4 {
            let squint = shutFrame(lighter: 0, fraction: 0.4)
            var image = squint.image
            opened.append(eyes.apply(to: &image, face: squint.face, time: 0.04 * Double(k)))
        }
        for eye in FaceIndex.eyes {
            let share = { (face: CharacterFace) in face.eyeOpening(eye) / openFace.eyeOpening(eye) }
            #expect(share(opened[0]) > 0.75 && share(opened[0]) < 0.95, "first frame fades in: \(share(opened[0]))")
            #expect(share(opened[3]) > 0.99, "the squint is covered fully: \(share(opened[3]))")
        }
    }

    /// The cover switches on below `closingShare`, stays on until `openShare`, and fades both
    /// ways by the frame's step; a blink is covered at once.
    @Test func coverSwitchesWithHysteresisAndFades() {
        var covering = false
        var cover: Float = 0
        var covers: [Float] = []
        for share in [1, 0.65, 0.65, 0.8, 0.8, 0.9, 0.9, 0.8, 0.1] {
            cover = OpenEyes.nextCover(cover, covering: &covering, share: share, step: 0.5)
            covers.append(cover)
        }
        #expect(covers == [0, 0.5, 1, 1, 1, 0.5, 0, 0, 1])
    }
}
