import FaceGeometry
import Testing

@testable import Motion

/// The character's face frame by frame: retargeted while the driver's face is found, held and
/// eased back to the still while it is lost.
@Suite struct PerformanceMotionTests {
    let rest = posed(canonicalWithIrises(), yaw: 0, pitch: 0, roll: 0)
    let turned = posed(canonicalWithIrises(), yaw: 25, pitch: 0, roll: 0)

    /// The character is the driver's own rest face; 10 frames/s, so the ease lasts 5 frames.
    func makeMotion() -> PerformanceMotion {
        let character = CharacterFace(landmarks: rest)
        return PerformanceMotion(
            still: character, retargeter: Retargeter(character: character, driverReference: rest),
            smoothing: nil, frameRate: 10)
    }

    /// Mean distance in pixels between two faces' landmarks.
    func distance(_ a: RetargetedFace, _ b: [LandmarkPoint]) -> Float {
        zip(a.landmarks, b).map { p, q in ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot() }
            .reduce(0, +) / Float(b.count)
    }

    @Test func aFoundFaceIsRetargeted() {
        var motion = makeMotion()
        #expect(distance(motion.next(landmarks: rest, time: 0), rest) < 0.5, "the rest face gives the still")
        #expect(distance(motion.next(landmarks: turned, time: 0.1), rest) > 5, "a turn moves the character")
    }

    @Test func aLostFaceHoldsThenEasesToTheStillOverHalfASecond() {
        var motion = makeMotion()
        let moving = motion.next(landmarks: turned, time: 0)
        let away = distance(moving, rest)
        var distances: [Float] = []
        for frame in 1...7 { distances.append(distance(motion.next(landmarks: nil, time: Double(frame) / 10), rest)) }
        #expect(distances[0] > away * 0.8, "the first lost frame stays near the last face (smoothstep starts slowly)")
        #expect(zip(distances, distances.dropFirst()).allSatisfy { $0 >= $1 - 1e-3 }, "it only ever moves towards rest")
        #expect(distances[4] < 0.5 && distances[6] < 0.5, "after 5 frames (0.5 s at 10 fps) it is the still")
    }

    @Test func aFaceLostFromTheStartIsTheStill() {
        var motion = makeMotion()
        #expect(distance(motion.next(landmarks: nil, time: 0), rest) < 0.5)
    }

    @Test func aFaceFoundAgainIsFollowedAtOnce() {
        var motion = makeMotion()
        _ = motion.next(landmarks: turned, time: 0)
        _ = motion.next(landmarks: nil, time: 0.1)
        let back = motion.next(landmarks: turned, time: 0.2)
        #expect(distance(back, turned) < distance(back, rest))
    }
}
