import FaceGeometry
import FaceTracking
import Imaging
import Testing

@testable import ActOne

@Suite struct FaceChoiceTests {
    @Test func parsesNumbersAllAndLargest() {
        #expect(FaceChoice(argument: "2") == .number(2))
        #expect(FaceChoice(argument: "all") == .all)
        #expect(FaceChoice(argument: "largest") == .largest)
        for bad in ["0", "-1", "", "two", "1.5", "99999999999999999999999"] { #expect(FaceChoice(argument: bad) == nil) }
    }

    static func face(_ number: Int, coverage: Double) -> FoundFace {
        FoundFace(number: number, firstFrame: 0, box: .init(x: 0, y: 0, width: 1, height: 1), frames: 1, coverage: coverage)
    }

    @Test func theLargestFillsMostOfTheClip() throws {
        let faces = [Self.face(1, coverage: 10), Self.face(2, coverage: 30), Self.face(3, coverage: 20)]
        #expect(try FaceChoice.largest.numbers(in: faces, path: "c.mp4") == [2])
        #expect(try FaceChoice.all.numbers(in: faces, path: "c.mp4") == [1, 2, 3])
        #expect(try FaceChoice.number(3).numbers(in: faces, path: "c.mp4") == [3])
        #expect(FoundFace.largest(of: [Self.face(1, coverage: 5), Self.face(2, coverage: 5)]) == 1, "a tie: the lower number")
        #expect(try FaceChoice.largest.numbers(in: [], path: "c.mp4").isEmpty)
    }

    @Test func aNumberTheClipDoesNotHaveIsOneLine() {
        let faces = [Self.face(1, coverage: 10), Self.face(2, coverage: 30)]
        #expect(throws: FaceChoiceError.noSuchFace(path: "c.mp4", number: 3, found: 2)) {
            try FaceChoice.number(3).numbers(in: faces, path: "c.mp4")
        }
        #expect(
            FaceChoiceError.noSuchFace(path: "c.mp4", number: 3, found: 2).description
                == "c.mp4: there is no face 3: 2 faces were found (1-2); actone inspect lists them")
    }

    @Test func eachFaceFileIsNamedAfterTheOutput() {
        #expect(FaceOutputName.path("clip.track.json", face: 1, format: .json) == "clip.face1.track.json")
        #expect(FaceOutputName.path("out/clip.livelink.csv", face: 12, format: .livelink) == "out/clip.face12.livelink.csv")
        #expect(FaceOutputName.path("takes.csv", face: 2, format: .json) == "takes.face2.csv")
        #expect(FaceOutputName.path("dir.v2/take", face: 2, format: .bvh) == "dir.v2/take.face2")
        #expect(FaceOutputName.path(".track.json", face: 1, format: .json) == ".track.face1.json")
    }

    @Test func theRosterCountsFramesAndKeepsTheFirstBoxCutToThePicture() {
        var roster = FaceRoster(width: 100, height: 80)
        func followed(_ number: Int, _ box: Rect) -> FollowedFace {
            var face = FollowedFace(
                number: number,
                landmarks: FaceLandmarks(
                    points: [LandmarkPoint(x: 0, y: 0, z: 0)], presence: 1,
                    region: RegionOfInterest(center: Point2(0, 0), width: 1, height: 1, rotation: 0)))
            face.box = box
            return face
        }
        roster.add(frame: 0, faces: [followed(1, Rect(x: -10.5, y: 10.2, width: 40, height: 30))])
        roster.add(
            frame: 1,
            faces: [followed(1, Rect(x: 0, y: 10, width: 40, height: 30)), followed(2, Rect(x: 70, y: 60, width: 50, height: 50))])
        let faces = roster.faces
        #expect(faces.map(\.number) == [1, 2])
        #expect(faces[0].box == FoundFace.Box(x: 0, y: 10, width: 30, height: 31))
        #expect(faces[0].frames == 2 && faces[0].firstFrame == 0)
        #expect(faces[1].box == FoundFace.Box(x: 70, y: 60, width: 30, height: 20))
        #expect(faces[1].firstFrame == 1 && faces[1].frames == 1)
        // Face 2 is larger on its one frame than face 1 on its two.
        #expect(FoundFace.largest(of: faces) == 2)
    }
}
