import Foundation
import MediaIO
import Motion
import Testing

/// `actone live`'s keys: `n` measures a new neutral, `q` stops. From a pipe, one command a line;
/// from a terminal, single keys without Enter or echo, the terminal's settings put back however
/// the session ends.
@Suite struct LiveKeysCLITests {
    static var modelsInstalled: Bool { LiveCommandTests.modelsInstalled }
    /// The keys as the command lists them (`LiveKey.help`).
    static let help = "n measures a new neutral (look at the camera calmly), q stops"

    /// Waits until the track being recorded (its temporary file) holds more than `bytes`.
    static func waitForRecording(in folder: ScratchFolder, over bytes: Int, while process: Process) {
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning, Date() < deadline {
            let size =
                FileManager.default.contentsOfDirectory(atPathOrEmpty: folder.path).filter { $0.contains("take.track") }
                .compactMap { try? FileManager.default.attributesOfItem(atPath: folder.file($0))[.size] as? Int }.max() ?? 0
            if size > bytes { return }
            usleep(50_000)
        }
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func nOnAPipeMeasuresANewNeutralThatTheRecordedFramesFollow() throws {
        let folder = ScratchFolder()
        let fixture = try LiveFixture(repeats: 8)
        // The session starts from someone else's rest (the astronaut's still), so the neutral the
        // performer's own faces give is far from it.
        let commands = Pipe()
        let result = try runActone(
            [
                "live", fixture.clip, "--realtime", "--record", "take.track.json", "--neutral", fixture.character, "--calibrate",
                "0.5",
            ], in: folder.path, timeout: 150, input: commands.fileHandleForReading
        ) { process, _ in
            // Some frames recorded from the first neutral (each frame's landmarks are about 15 KB), then `n`.
            Self.waitForRecording(in: folder, over: 300_000, while: process)
            try? commands.fileHandleForWriting.write(contentsOf: Data("n\n".utf8))
            try? commands.fileHandleForWriting.close()
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(LiveFixture.summary(result.stderr) != nil, "last line: \(result.stderr)")
        // Keys are listed for a terminal only.
        #expect(!result.stderr.contains("actone: keys:"), "\(result.stderr)")
        let asked = try #require(
            try /actone: new neutral: measuring the rest face from frame (\d+) over 0.5 s: look at the camera calmly\n/
                .firstMatch(in: result.stderr), "\(result.stderr)")
        let inUse = try #require(
            try /actone: new neutral in use from frame (\d+) \(auto, the median of the \d+ calmest faces\)\n/.firstMatch(in: result.stderr),
            "\(result.stderr)")
        let (askedAt, changedAt) = (Int(asked.1)!, Int(inUse.1)!)
        #expect(changedAt > askedAt)
        #expect(result.stderr.contains("recorded take.track.json (neutral file astronaut.png; new neutral from frame \(changedAt))"))

        // The header keeps the first neutral; the frames up to the request are measured from it,
        // those after the change from another: recomputed from each frame's landmarks against the
        // header's neutral, the recorded blendshapes agree before and disagree after.
        let track = try PoseTrackJSONReader(path: folder.file("take.track.json"))
        let header = try #require(track.metadata.neutral)
        #expect(header.source == .file && header.file == "astronaut.png")
        let estimator = MotionEstimator()
        var before: [Double] = [], after: [Double] = []
        try track.forEach { frame in
            guard frame.faceFound, let points = frame.landmarks else { return }
            let expected = header.calibration.calibrate(estimator.estimate(points: points)).blendshapes
            let difference = zip(frame.blendshapes, expected).map { Double(abs($0 - $1)) }.reduce(0, +) / 52
            // A few frames on each side of the change, where the smoothing carries one into the other, are left out.
            if frame.index < askedAt { before.append(difference) } else if frame.index > changedAt + 5 { after.append(difference) }
        }
        #expect(before.count >= 5 && after.count >= 5, "\(before.count) frames before, \(after.count) after")
        let meanBefore = before.reduce(0, +) / Double(max(before.count, 1))
        let meanAfter = after.reduce(0, +) / Double(max(after.count, 1))
        #expect(meanAfter > 3 * meanBefore && meanAfter - meanBefore > 0.02, "before \(meanBefore), after \(meanAfter)")
    }
}

/// The keys from a terminal: the test plays the user on a pseudo-terminal.
@Suite struct LiveTerminalKeysCLITests {
    @Test(.enabled(if: LiveKeysCLITests.modelsInstalled, "models/ not installed"))
    func aTerminalTakesSingleKeysUnechoedAndIsPutBackAfterQ() throws {
        let folder = ScratchFolder()
        let fixture = try LiveFixture(repeats: 10)
        let user = try PseudoTerminal()
        let before = user.settings
        #expect(!user.readsSingleKeysSilently)
        var setForKeys = false
        var tookN = false
        var shown: [UInt8] = []
        let result = try runActone(
            ["live", fixture.clip, "--realtime", "--record", "take.track.json", "--calibrate", "0.2"], in: folder.path, timeout: 150,
            input: user.terminal
        ) { process, stderr in
            // The keys are listed once the capture has started.
            guard stderr.waitFor("actone: keys: \(LiveKeysCLITests.help)\n", timeout: 90) else { return }
            setForKeys = user.readsSingleKeysSilently
            // Single keys, no Enter.
            user.type("n")
            tookN = stderr.waitFor("actone: new neutral: measuring the rest face from frame", timeout: 60)
            user.type("q")
            process.waitUntilExit()
            shown = user.shown()
        }
        #expect(setForKeys)
        #expect(tookN, "\(result.stderr)")
        #expect(shown.isEmpty, "the terminal echoed \(shown)")
        // q ended the session as the first Ctrl-C does, long before the source's end.
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(LiveFixture.summary(result.stderr), "last line: \(result.stderr)")
        #expect(summary.frames + summary.dropped < LiveFixture.frames * 10)
        #expect(folder.contents == ["take.track.json"], "left: \(folder.contents)")
        #expect(Self.same(user.settings, before), "the terminal was not put back")
    }

    @Test(.enabled(if: LiveKeysCLITests.modelsInstalled, "models/ not installed"))
    func aSecondCtrlCExitsAtOnceAndStillPutsTheTerminalBack() throws {
        let folder = ScratchFolder()
        let fixture = try LiveFixture(repeats: 10)
        // A stream whose receiver never reads holds the first Ctrl-C's ending for 2 s
        // (LiveControl.streamStopGraceSeconds): the second comes while it waits, and exits.
        let character = folder.file("character.png")
        try ImageWriter.writePNG(try BatchFixture.sample("astronaut.png", width: 512), to: character)
        let receiver = StalledTCPReceiver()
        defer { receiver.close() }
        let user = try PseudoTerminal()
        let before = user.settings
        var setForKeys = false
        var stalled = false
        let result = try runActone(
            [
                "live", fixture.clip, character, "--realtime", "-o", "tcp://127.0.0.1:\(receiver.port)", "--crf", "0", "--record",
                "take.track.json",
            ], in: folder.path, timeout: 90, input: user.terminal
        ) { process, stderr in
            guard stderr.waitFor("actone: keys:", timeout: 90) else { return }
            setForKeys = user.readsSingleKeysSilently
            stalled = receiver.waitUntilStalled(while: process)
            kill(process.processIdentifier, SIGINT)
            usleep(300_000)
            kill(process.processIdentifier, SIGINT)
        }
        #expect(setForKeys && stalled, "\(result.stderr)")
        #expect(result.status == 128 + SIGINT, "\(result.stderr)")
        #expect(folder.contents == ["character.png"], "left: \(folder.contents)")
        #expect(Self.same(user.settings, before), "the terminal was not put back")
    }

    static func same(_ a: termios, _ b: termios) -> Bool {
        withUnsafeBytes(of: a) { a in withUnsafeBytes(of: b) { b in a.elementsEqual(b) } }
    }
}
