import Foundation
import Imaging
import MediaIO
import Testing

/// `actone live --preview PORT`: the page, the MJPEG stream (a JPEG decoded back), the live
/// figures, a 404, Ctrl-C with a client connected, and a port already in use. Waits are long
/// deadlines polled, never fixed sleeps: a slow machine only makes the test slower.
@Suite struct LivePreviewCLITests {
    /// What the test saw while the session ran, filled in by the closure that watches it.
    final class Seen {
        var page: HTTPTestClient.Response?
        var missing: HTTPTestClient.Response?
        var streamHead: String?
        var jpegs: [[UInt8]] = []
        var stats: [String: Any]?
        var streamClosedAtTheEnd = false
    }

    @Test(.enabled(if: LiveCommandTests.modelsInstalled, "models/ not installed"))
    func servesThePageTheStreamAndTheFiguresUntilCtrlC() throws {
        let folder = ScratchFolder()
        // 16 s of source: far longer than the test needs, which ends the session itself.
        let fixture = try LiveFixture(repeats: 10)
        let port = HTTPTestClient.freePort()
        let seen = Seen()
        var client: HTTPTestClient?
        let result = try runActone(
            ["live", fixture.clip, fixture.character, "--realtime", "--preview", "\(port)", "--calibrate", "0.2"], in: folder.path,
            timeout: 180
        ) { process in
            // The port is listened on before the models load; wait for it.
            let deadline = Date().addingTimeInterval(90)
            while process.isRunning, Date() < deadline, HTTPTestClient(port: port, path: "/")?.response() == nil { usleep(50_000) }
            seen.page = HTTPTestClient(port: port, path: "/")?.response()
            seen.missing = HTTPTestClient(port: port, path: "/no-such-page")?.response()
            if let stream = HTTPTestClient(port: port, path: "/stream", timeoutSeconds: 60) {
                seen.streamHead = stream.readHead()
                while seen.jpegs.count < 2, let part = stream.nextPart() { seen.jpegs.append(part.body) }
                client = stream
            }
            // The figures, once the rest face is measured and blendshapes come.
            while process.isRunning, Date() < deadline {
                let body = HTTPTestClient(port: port, path: "/stats")?.response()?.body ?? []
                seen.stats = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
                if let shapes = seen.stats?["blendshapes"] as? [String: Double], !shapes.isEmpty { break }
                usleep(100_000)
            }
            // Ctrl-C with the stream's client still connected.
            kill(process.processIdentifier, SIGINT)
            seen.streamClosedAtTheEnd = client?.readsToEnd() ?? false
        }
        #expect(!result.timedOut)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(LiveFixture.summary(result.stderr), "last line: \(result.stderr)")
        #expect(summary.frames > 0)
        #expect(result.stderr.contains("actone: preview at http://127.0.0.1:\(port)/"), "\(result.stderr)")
        #expect(folder.contents.isEmpty, "left: \(folder.contents)")

        let page = try #require(seen.page, "no page: \(result.stderr)")
        #expect(page.status == 200)
        #expect(page.head.lowercased().contains("content-type: text/html"))
        #expect(page.text.contains("<img id=\"picture\" src=\"/stream\""))
        #expect(page.text.contains("fetch('/stats'") && page.text.contains("data-shape=\"jawOpen\""))
        #expect(page.text.contains("<b>n</b> measures a new neutral"))
        #expect(seen.missing?.status == 404)

        let streamHead = try #require(seen.streamHead)
        #expect(streamHead.hasPrefix("HTTP/1.1 200"))
        #expect(streamHead.contains("Content-Type: multipart/x-mixed-replace; boundary="))
        #expect(seen.jpegs.count == 2)
        for (k, jpeg) in seen.jpegs.enumerated() {
            #expect(jpeg.prefix(2) == [0xFF, 0xD8] && jpeg.suffix(2) == [0xFF, 0xD9])
            // FFmpeg's JPEG decoder reads it as the character's picture (200x200).
            let path = folder.file("part\(k).jpg")
            try Data(jpeg).write(to: URL(fileURLWithPath: path))
            let image = try ImageLoader.load(path: path)
            try FileManager.default.removeItem(atPath: path)
            #expect(image.codec == "mjpeg" && image.width == 200 && image.height == 200)
        }

        let stats = try #require(seen.stats, "no figures")
        #expect((stats["frames"] as? Int ?? 0) > 0)
        #expect(stats["dropped"] as? Int != nil && stats["fps"] as? Double != nil)
        #expect((stats["latencyMedianMs"] as? Double ?? 0) > 0)
        #expect((stats["latencyP95Ms"] as? Double ?? 0) >= (stats["latencyMedianMs"] as? Double ?? 0))
        let shapes = try #require(stats["blendshapes"] as? [String: Double])
        #expect(shapes.count == 52 && shapes["jawOpen"] != nil && shapes.values.allSatisfy { (0...1).contains($0) })

        // Ctrl-C ended the stream's connection too.
        #expect(seen.streamClosedAtTheEnd)
    }

    @Test(.enabled(if: LiveCommandTests.modelsInstalled, "models/ not installed"))
    func previewSourceShowsTheSourceWithItsMeshBesideTheCharacter() throws {
        let folder = ScratchFolder()
        let fixture = try LiveFixture(repeats: 10)
        let port = HTTPTestClient.freePort()
        var jpegs: [[UInt8]] = []
        let result = try runActone(
            [
                "live", fixture.clip, fixture.character, "--realtime", "--preview", "\(port)", "--preview-source", "--calibrate", "0.2",
            ], in: folder.path, timeout: 180
        ) { process in
            let deadline = Date().addingTimeInterval(90)
            while process.isRunning, Date() < deadline, HTTPTestClient(port: port, path: "/")?.response() == nil { usleep(50_000) }
            if let stream = HTTPTestClient(port: port, path: "/stream", timeoutSeconds: 60) {
                _ = stream.readHead()
                // A few pictures in, the face is found and drawn.
                while jpegs.count < 6, let part = stream.nextPart() { jpegs.append(part.body) }
            }
            kill(process.processIdentifier, SIGINT)
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(LiveFixture.summary(result.stderr) != nil, "last line: \(result.stderr)")
        let jpeg = try #require(jpegs.last, "no picture: \(result.stderr)")
        let path = folder.file("picture.jpg")
        try Data(jpeg).write(to: URL(fileURLWithPath: path))
        let shown = try ImageLoader.load(path: path).rgb
        // The 180x180 source scaled to the 200x200 character's height, then the character: 400x200.
        #expect(shown.width == 200 + 200 && shown.height == 200)
        let sourcePane = shown.cropped(to: IntRect(x: 0, y: 0, width: 200, height: 200))
        let characterPane = shown.cropped(to: IntRect(x: 200, y: 0, width: 200, height: 200))
        // The source pane is a picture (not a blank box) and not the character.
        let values: [Double] = sourcePane.pixels.map { Double($0) }
        let count = Double(values.count)
        let mean: Double = values.reduce(0, +) / count
        let variance: Double = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / count
        let spread = variance.squareRoot()
        #expect(mean > 30 && spread > 20, "source pane mean \(mean), spread \(spread)")
        let differences: [Double] = zip(sourcePane.pixels, characterPane.pixels).map { abs(Double($0) - Double($1)) }
        let apart = differences.reduce(0, +) / count
        #expect(apart > 20, "the panes differ by \(apart) on average")
    }

    @Test func aPortInUseOrOutOfRangeIsOneLine() throws {
        // Hold a TCP port, then ask for the preview on it.
        let held = HeldTCPPort()
        defer { held.release() }
        let port = held.port
        let folder = ScratchFolder()
        // The source is never opened: the port fails first (a missing source would say so instead).
        let cases: [(arguments: [String], status: Int32, says: String)] = [
            (["live", "missing.mp4", "--preview", "\(port)"], 1, "cannot listen on 127.0.0.1:\(port)"),
            (["live", "missing.mp4", "--preview", "\(port)", "--preview-host", "192.0.2.1"], 1, "cannot listen on 192.0.2.1"),
            (["live", "missing.mp4", "--preview", "0"], 64, "--preview"),
            (["live", "missing.mp4", "--preview", "70000"], 64, "--preview"),
            (["live", "missing.mp4", "--record", "t.json", "--preview-host", "0.0.0.0"], 64, "--preview-host"),
        ]
        for item in cases {
            let result = try runActone(item.arguments, in: folder.path, timeout: 60)
            #expect(result.status == item.status, "\(item.arguments): \(result.stderr)")
            #expect(result.errorLines.count == 1 && result.stderr.contains(item.says), "\(item.arguments): \(result.stderr)")
            #expect(!result.timedOut)
        }
        #expect(folder.contents.isEmpty, "left: \(folder.contents)")
    }
}
