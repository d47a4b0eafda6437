import Foundation
import Imaging
import MediaIO
import Testing

/// Each bad input: one clear line on stderr, a non-zero exit, no output file, no crash, no hang.
@Suite struct BadInputCLITests {
    private func expectCleanFailure(
        _ result: CLIResult, mentioning fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!result.timedOut, "actone hung", sourceLocation: sourceLocation)
        #expect(result.status == 1, "exit status \(result.status)", sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1, "stderr was:\n\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("actone: "), sourceLocation: sourceLocation)
        #expect(result.stderr.contains(fragment), "stderr was: \(result.stderr)", sourceLocation: sourceLocation)
    }

    /// Runs `inspect FILE --overlay out.mp4` and checks it fails cleanly and writes nothing.
    private func expectInspectFails(
        _ input: String, mentioning fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let folder = ScratchFolder()
        let result = try runActone(["inspect", input, "--overlay", folder.file("out.mp4")])
        expectCleanFailure(result, mentioning: fragment, sourceLocation: sourceLocation)
        #expect(folder.contents.isEmpty, "left behind: \(folder.contents)", sourceLocation: sourceLocation)
    }

    @Test func missingFile() throws {
        try expectInspectFails("/nonexistent/clip.mp4", mentioning: "no such file")
    }

    @Test func emptyFile() throws {
        let folder = ScratchFolder()
        FileManager.default.createFile(atPath: folder.file("empty.mp4"), contents: Data())
        try expectInspectFails(folder.file("empty.mp4"), mentioning: "empty")
    }

    @Test func textRenamedToMP4() throws {
        let folder = ScratchFolder()
        try "not a video at all\n".write(toFile: folder.file("text.mp4"), atomically: true, encoding: .utf8)
        try expectInspectFails(folder.file("text.mp4"), mentioning: "not a readable media file")
    }

    @Test func truncatedMP4() throws {
        try expectInspectFails(mediaFixture("truncated-moov-at-end.mp4"), mentioning: "truncated-moov-at-end.mp4")

        // Index at the front, data cut short: found when reading, and the partial output is removed.
        let folder = ScratchFolder()
        let full = folder.file("full.mp4")
        let writer = try VideoWriter(path: full, width: 64, height: 48, frameRate: Rational(25, 1))
        for i in 0..<60 {
            var image = RGBImage(width: 64, height: 48)
            image.fillRect(IntRect(x: i, y: 0, width: 4, height: 48), color: .white)
            try writer.write(image)
        }
        try writer.finish()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: folder.file("cut.mp4")))
        try expectInspectFails(folder.file("cut.mp4"), mentioning: "truncated")
    }

    @Test func audioOnlyFile() throws {
        try expectInspectFails(mediaFixture("audio-only.m4a"), mentioning: "no video stream")
    }

    @Test func imageWhereVideoExpected() throws {
        try expectInspectFails(mediaFixture("pattern.png"), mentioning: "still image")
    }

    @Test func unwritableOutputFolder() throws {
        let missing = try runActone(["inspect", mediaFixture("vp9.webm"), "--overlay", "/nonexistent/folder/out.mp4"])
        expectCleanFailure(missing, mentioning: "does not exist")
        #expect(missing.stdout.isEmpty)

        let folder = ScratchFolder()
        let locked = folder.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        chmod(locked, 0o555)
        defer { chmod(locked, 0o755) }
        // root may write anywhere; /proc refuses new files even to root.
        let target = getuid() == 0 ? "/proc/actone-overlay.mp4" : locked + "/out.mp4"
        let denied = try runActone(["inspect", mediaFixture("vp9.webm"), "--overlay", target])
        expectCleanFailure(denied, mentioning: "not writable")
        #expect(denied.stdout.isEmpty, "nothing should be done before the output is known to be writable")
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: locked))?.isEmpty ?? true)
    }

    @Test func existingOutputNeedsForce() throws {
        let folder = ScratchFolder()
        let output = folder.file("out.mp4")
        try "keep me".write(toFile: output, atomically: true, encoding: .utf8)
        let refused = try runActone(["inspect", mediaFixture("vp9.webm"), "--no-track", "--overlay", output])
        expectCleanFailure(refused, mentioning: "--force")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "keep me")
        #expect(refused.stdout.isEmpty, "nothing should be done before the output is known to be writable")

        let forced = try runActone(["inspect", mediaFixture("vp9.webm"), "--no-track", "--overlay", output, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try MediaProbe.inspectVideo(path: output).streams.first?.frameCount == 12)
        #expect(folder.contents == ["out.mp4"])
    }

    @Test func interruptLeavesNoFile() throws {
        let folder = ScratchFolder()
        // A clip long enough to still be encoding when interrupted: 10 s of 640x480.
        let clip = folder.file("long.mp4")
        let writer = try VideoWriter(
            path: clip, width: 640, height: 480, frameRate: Rational(30, 1),
            settings: VideoEncoderSettings(crf: 30, preset: "ultrafast"))
        for i in 0..<300 {
            var image = RGBImage(width: 640, height: 480)
            image.fillRect(IntRect(x: i * 2, y: 100, width: 40, height: 40), color: .white)
            try writer.write(image)
        }
        try writer.finish()

        let output = folder.file("overlay.mp4")
        let result = try runActone(
            ["inspect", clip, "--no-track", "--overlay", output, "--preset", "veryslow"],
            in: folder.path
        ) { process in
            // Wait for the temporary output to appear, then press Ctrl-C.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline,
                !FileManager.default.contentsOfDirectory(atPathOrEmpty: folder.path).contains(where: { $0.contains(".partial-") })
            {
                usleep(20_000)
            }
            kill(process.processIdentifier, SIGINT)
        }
        #expect(result.status == 128 + SIGINT)
        #expect(folder.contents == ["long.mp4"], "left behind: \(folder.contents)")
    }
}

extension FileManager {
    func contentsOfDirectory(atPathOrEmpty path: String) -> [String] {
        (try? contentsOfDirectory(atPath: path)) ?? []
    }
}
