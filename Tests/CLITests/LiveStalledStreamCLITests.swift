import Foundation
import MediaIO
import Motion
import Testing

/// `actone live -o tcp://...` to a receiver that accepts and never reads: the session's writes
/// block on the full socket, and the first Ctrl-C must still end it, within
/// `LiveControl.streamStopGraceSeconds` and a margin, with the other outputs finished.
@Suite struct LiveStalledStreamCLITests {
    @Test(.enabled(if: LiveCommandTests.modelsInstalled, "models/ not installed"))
    func ctrlCEndsASessionWhoseStreamReceiverStoppedReading() throws {
        let folder = ScratchFolder()
        let fixture = try LiveFixture(repeats: 10)
        // A 512x512 character encoded losslessly: its first picture alone (hundreds of KB) is more
        // than the socket buffers hold, so the session blocks on its first frame.
        let character = folder.file("character.png")
        try ImageWriter.writePNG(try BatchFixture.sample("astronaut.png", width: 512), to: character)
        let receiver = StalledTCPReceiver()
        defer { receiver.close() }
        var stalled = false
        var stoppedAt: Date?
        let result = try runActone(
            [
                "live", fixture.clip, character, "--realtime", "-o", "tcp://127.0.0.1:\(receiver.port)", "--crf", "0",
                "--record", "take.track.json",
            ], in: folder.path, timeout: 90
        ) { process in
            stalled = receiver.waitUntilStalled(while: process)
            stoppedAt = Date()
            kill(process.processIdentifier, SIGINT)
        }
        let took = Date().timeIntervalSince(try #require(stoppedAt))
        #expect(stalled, "the stream never stalled: \(result.stderr)")
        #expect(!result.timedOut, "the first Ctrl-C did not end the session: \(result.stderr)")
        #expect(took < 20, "took \(took) s after Ctrl-C")
        // The stream was cut off (status 1, said before the summary); the recording was finished.
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("tcp://127.0.0.1:\(receiver.port): the receiver took nothing"), "\(result.stderr)")
        let summary = try #require(LiveFixture.summary(result.stderr), "last line: \(result.stderr)")
        #expect(folder.contents == ["character.png", "take.track.json"], "left: \(folder.contents)")
        var count = 0
        try PoseTrackJSONReader(path: folder.file("take.track.json")).forEach { _ in count += 1 }
        #expect(count == summary.frames)
    }
}
