import FaceGeometry
import Imaging
import Testing

@testable import FaceTracking

/// A scripted world for `MultiFaceTracker` without models: each frame is a list of face
/// rectangles; the fake detector reports each (its box a little inside the rectangle, and twice
/// when asked, as overlapping detections of one face), and the fake mesh finds a face when its
/// region's centre lies inside one.
private final class FakeWorld {
    var faces: [Rect] = []
    var doubleDetections = false
    var detectorRuns = 0

    func detector() -> MultiFaceTracker.Detector {
        { [unowned self] _ in
            detectorRuns += 1
            return faces.flatMap { face -> [FaceDetection] in
                let one = Self.detection(face.insetBy(dx: face.width * 0.15, dy: face.height * 0.2))
                let shifted = Self.detection(
                    Rect(x: face.x + face.width * 0.2, y: face.y + face.height * 0.25, width: face.width * 0.7, height: face.height * 0.6))
                return doubleDetections ? [one, shifted] : [one]
            }
        }
    }

    static func detection(_ box: Rect) -> FaceDetection {
        let eyeY = box.y + box.height * 0.4
        return FaceDetection(
            box: box, keypoints: [Point2(box.x + box.width * 0.3, eyeY), Point2(box.x + box.width * 0.7, eyeY)], score: 0.9)
    }

    func landmarker() -> MultiFaceTracker.Landmarker {
        { [unowned self] _, region in
            guard let face = faces.first(where: { $0.contains(region.center) }) else { return nil }
            return Self.landmarks(filling: face)
        }
    }

    /// 478 points on the rectangle's edge, with the eye corners (33, 263) level across its middle.
    static func landmarks(filling face: Rect) -> FaceLandmarks {
        var points = (0..<478).map { i -> LandmarkPoint in
            let t = Float(i) / 478
            return LandmarkPoint(x: face.x + face.width * t, y: i % 2 == 0 ? face.minY : face.maxY, z: 0)
        }
        points[33] = LandmarkPoint(x: face.minX, y: face.center.y, z: 0)
        points[263] = LandmarkPoint(x: face.maxX, y: face.center.y, z: 0)
        let region = RegionOfInterest(center: face.center, width: face.width, height: face.height, rotation: 0)
        return FaceLandmarks(points: points, presence: 0.99, region: region)
    }

    func tracker(_ settings: MultiFaceTracker.Settings = .init()) -> MultiFaceTracker {
        MultiFaceTracker(settings: settings, detector: detector(), landmarker: landmarker())
    }
}

private let frame = RGBImage(width: 640, height: 360)
private let left = Rect(x: 60, y: 100, width: 120, height: 140)
private let middle = Rect(x: 260, y: 80, width: 100, height: 120)
private let right = Rect(x: 440, y: 90, width: 150, height: 170)

@Suite struct MultiFaceTrackerTests {
    @Test func facesOfTheFirstFrameAreNumberedLeftToRight() throws {
        let world = FakeWorld()
        world.faces = [right, left, middle]
        let tracker = world.tracker()
        let faces = try tracker.track(frame)
        #expect(faces.map(\.number) == [1, 2, 3])
        #expect(faces.map { $0.box.center.x } == [left.center.x, middle.center.x, right.center.x])
    }

    @Test func numbersStayWithTheirFacesAsTheyCross() throws {
        let world = FakeWorld()
        // A face lower down on the right walks across to the left of face 1, a little each frame,
        // and stays face 2.
        var moving = Rect(x: 440, y: 215, width: 150, height: 140)
        world.faces = [left, moving]
        let tracker = world.tracker()
        #expect(try tracker.track(frame).map(\.number) == [1, 2])
        for _ in 0..<20 {
            moving.x -= 20
            world.faces = [left, moving]
            let faces = try tracker.track(frame)
            #expect(faces.map(\.number) == [1, 2])
            #expect(faces.last?.box.center.x == moving.center.x)
        }
        #expect(moving.center.x < left.center.x)
    }

    @Test func overlappingDetectionsOfOneFaceAreOneFace() throws {
        let world = FakeWorld()
        world.doubleDetections = true
        world.faces = [left, right]
        let tracker = world.tracker()
        for _ in 0..<12 {
            #expect(try tracker.track(frame).map(\.number) == [1, 2])
        }
    }

    @Test func aFaceThatWalksInIsFoundWithinTheDetectionIntervalAndNumberedNext() throws {
        let world = FakeWorld()
        world.faces = [right]
        var settings = MultiFaceTracker.Settings()
        settings.detectionInterval = 10
        let tracker = world.tracker(settings)
        var firstSeen: Int?
        for index in 0..<30 {
            // Enters on the left at frame 5: left of face 1, but numbered after it.
            if index == 5 { world.faces = [left, right] }
            let faces = try tracker.track(frame)
            if firstSeen == nil, faces.count == 2 {
                firstSeen = index
                #expect(faces.map(\.number) == [1, 2])
                #expect(faces.first { $0.number == 2 }?.box.center.x == left.center.x)
            }
        }
        let seen = try #require(firstSeen)
        #expect((5...10).contains(seen))
    }

    @Test func withOneFaceFollowedTheDetectorRunsOnlyEveryInterval() throws {
        let world = FakeWorld()
        world.faces = [middle]
        var settings = MultiFaceTracker.Settings()
        settings.detectionInterval = 10
        let tracker = world.tracker(settings)
        for _ in 0..<100 { _ = try tracker.track(frame) }
        // Frames 0, 10, 20, ..., 90.
        #expect(world.detectorRuns == 10)
    }

    @Test func aFaceFoundAgainWhereItWasLostGetsItsNumberBackAndOneElsewhereANewOne() throws {
        let world = FakeWorld()
        world.faces = [left, right]
        let tracker = world.tracker()
        _ = try tracker.track(frame)
        // The left face is hidden for 3 frames, then back: found at once.
        world.faces = [right]
        for _ in 0..<3 { #expect(try tracker.track(frame).map(\.number) == [2]) }
        world.faces = [left, right]
        #expect(try tracker.track(frame).map(\.number) == [1, 2])
        // Gone for 40 frames, back a little to the right: found at the next detector pass, still 1.
        world.faces = [right]
        for _ in 0..<40 { _ = try tracker.track(frame) }
        let moved = Rect(x: left.x + 30, y: left.y + 10, width: left.width, height: left.height)
        world.faces = [moved, right]
        var faces = try tracker.track(frame)
        for _ in 0..<10 where faces.count < 2 { faces = try tracker.track(frame) }
        #expect(faces.map(\.number) == [1, 2])
        // A face where none was: a new number, even with face 1 lost meanwhile.
        world.faces = [right]
        _ = try tracker.track(frame)
        world.faces = [middle, right]
        faces = try tracker.track(frame)
        #expect(faces.map(\.number) == [2, 3])
        #expect(faces.first { $0.number == 3 }?.box.center.x == middle.center.x)
    }

    @Test func noFaceNoNumbers() throws {
        let world = FakeWorld()
        let tracker = world.tracker()
        for _ in 0..<5 { #expect(try tracker.track(frame).isEmpty) }
        // With nothing followed the detector runs every frame, as FaceTracker's does.
        #expect(world.detectorRuns == 5)
        #expect(tracker.nextNumber == 1)
    }

    @Test func sameFaceTests() {
        #expect(SameFace.boxes(left, left.insetBy(dx: 5, dy: 5)))
        #expect(!SameFace.boxes(left, right))
        #expect(SameFace.detection(left.insetBy(dx: 20, dy: 20), isOf: left))
        #expect(!SameFace.detection(middle, isOf: left))
        #expect(SameFace.intersectionOverUnion(left, left) == 1)
        #expect(SameFace.intersectionOverUnion(left, right) == 0)
        #expect(SameFace.returning(left, left.insetBy(dx: -20, dy: -20).scaled(by: 1)))
        #expect(!SameFace.returning(left, middle))
        #expect(!SameFace.returning(left, left.scaled(by: 3)), "a face three times the size is someone else")
    }
}

@Suite struct SceneChangeTests {
    static func flat(_ value: UInt8) -> RGBImage {
        RGBImage(width: 64, height: 48, pixels: [UInt8](repeating: value, count: 64 * 48 * 3))
    }

    @Test func aCutIsOneAndSmallChangesAreNot() {
        var scene = SceneChange()
        var half = Self.flat(200)
        for i in 0..<(half.pixels.count / 2) { half.pixels[i] = 20 }
        // Half the picture changing a lot (a new shot's background) is a cut too.
        let cuts = [Self.flat(100), Self.flat(104), Self.flat(200), Self.flat(200), half].map { scene.isCut($0) }
        // The first frame has nothing to compare with.
        #expect(cuts == [false, false, true, false, true])
    }
}
