import Foundation
import Testing

/// Numbers at the edges of their types on the command line: each is one clear line and a
/// non-zero exit below 128 (no trap), and nothing is written.
@Suite struct ExtremeValuesCLITests {
    static var modelsInstalled: Bool { TrackCommandTests.modelsInstalled }
    static let driving = TrackCommandTests.sample
    static let character = TrackCommandTests.root.appendingPathComponent("Samples/character.jpg").path

    private func expectRefused(
        _ arguments: [String], mentioning fragment: String, status: Int32 = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let folder = ScratchFolder()
        let result = try runActone(
            arguments + ["-o", folder.file("out" + (arguments.first == "track" ? ".bvh" : ".mp4"))],
            in: folder.path)
        #expect(!result.timedOut, sourceLocation: sourceLocation)
        #expect(result.status == status, "\(arguments): status \(result.status)\n\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1 && result.stderr.hasPrefix("actone: "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(folder.contents.isEmpty, "left behind: \(folder.contents)", sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func faceBoxesOffThePictureOrOfNoSize() throws {
        for box in ["1e30,1e30,1e30,1e30", "-5000,-5000,100,100", "10,10,2,2", "0,0,100000,100000"] {
            try expectRefused([Self.driving, Self.character, "--face-box=" + box], mentioning: "--face-box must lie on the")
        }
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func aRestFrameAsLargeAsAnIntIsOutsideTheClip() throws {
        let largest = String(Int.max)
        try expectRefused([Self.driving, Self.character, "--reference", largest], mentioning: "outside the driver's 100 frames")
        try expectRefused([Self.driving, Self.character, "--neutral", largest], mentioning: "outside the driver's 100 frames")
    }

    @Test func ratesThatRoundToNothingAreUsageErrors() throws {
        for rate in ["1e-300", "0.5", "0", "-60", "1e300", "nan"] {
            try expectRefused(["track", Self.driving, "--format", "bvh", "--rate=" + rate], mentioning: "--rate", status: 64)
        }
    }
}
