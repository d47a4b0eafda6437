import Foundation
import Testing

/// `inspect` of tracks someone else made: broken values, terminal escapes in strings, and a
/// `sourceName` that points outside the track's folder. Each broken track fails with one line,
/// exit status 1, no crash and nothing written.
@Suite struct InspectHostileTrackCLITests {
    /// The synthetic track's text with `pattern` (a regular expression) replaced once.
    private func brokenTrack(_ folder: ScratchFolder, _ pattern: String, _ replacement: String) throws -> String {
        let path = folder.file("clip.track.json")
        try SyntheticTrackFile.write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let range = try #require(text.range(of: pattern, options: .regularExpression), "no \(pattern) in the track")
        try text.replacingCharacters(in: range, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: [
        (#""duration":\s*[0-9.]+"#, #""duration":1e16"#, "metadata.duration is 1e+16 s"),
        (#""yaw":-10"#, #""yaw":1e300"#, "frame 0: pose.yaw is out of range (1e+300)"),
        (#""yaw":-10"#, #""yaw":-1e400"#, "frame 0: pose.yaw is out of range"),
        (#""frameCount":\s*60"#, #""frameCount":-60"#, "metadata.frameCount is negative"),
        (#""frameCount":\s*60"#, #""frameCount":1e15"#, "metadata.frameCount is 1000000000000000, more than"),
        (#""numerator":30"#, #""numerator":30000000"#, "metadata.frameRate 30000000/1 is out of range"),
        (#""index":3,"#, #""index":3.5,"#, "frame 3: index is not an integer"),
        (#""blendshapes":\[0,"#, #""blendshapes":["#, ": blendshapes has 51 values, expected 52"),
        (#""width":400"#, #""width":-400"#, "metadata.width is -400, expected 0 to 65536"),
        (#""sourceName":"#, #""sourceName":"\ud800","#, "lone UTF-16 surrogate"),
    ])
    func brokenValuesFailWithOneLine(pattern: String, replacement: String, message: String) throws {
        let folder = ScratchFolder()
        let track = try brokenTrack(folder, pattern, replacement)
        let result = try runActone(["inspect", track, "--plot", folder.file("chart.png")])
        #expect(!result.timedOut)
        #expect(result.status == 1, "exit status \(result.status): \(result.stderr)")
        #expect(result.errorLines.count == 1 && result.stderr.hasPrefix("actone: "), "stderr was:\n\(result.stderr)")
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)")
        #expect(!result.stderr.contains("Backtrace") && !result.stderr.contains("Fatal error"))
        #expect(result.stdout.isEmpty)
        #expect(folder.contents == ["clip.track.json"], "left behind: \(folder.contents)")
    }

    @Test func controlCharactersInTheSourceNameAreEscaped() throws {
        let folder = ScratchFolder()
        let track = folder.file("clip.track.json")
        try SyntheticTrackFile.write(to: track, sourceName: "take\u{1B}[2J\u{1B}]0;pwned\u{07}\r\n\u{202E}4pm.mp4")
        let result = try runActone(["inspect", track])
        #expect(result.status == 0, "\(result.stderr)")
        for raw in ["\u{1B}", "\u{07}", "\r", "\u{202E}"] {
            #expect(!result.stdout.contains(raw), "printed raw: \(raw.unicodeScalars.first!.value)")
        }
        #expect(result.stdout.contains(#"take\u{1b}[2J\u{1b}]0;pwned\u{7}\u{d}\u{a}\u{202e}4pm.mp4"#), "\(result.stdout)")
        // --overlay's message names the clip it looked for, escaped too.
        let overlay = try runActone(["inspect", track, "--overlay", folder.file("o.mp4")])
        #expect(overlay.status == 1 && overlay.errorLines.count == 1 && !overlay.stderr.contains("\u{1B}"), "\(overlay.stderr)")
    }

    @Test(arguments: ["../x.mp4", "/tmp/../x.mp4", "sub/../../x.mp4"])
    func overlayIgnoresFoldersInTheSourceName(sourceName: String) throws {
        let outer = ScratchFolder()
        let folder = outer.file("tracks")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // The clip the name points at exists (outside the track's folder), and is 64x64: were
        // it read, the error would be about its size, not about the clip being missing.
        try FileManager.default.copyItem(atPath: mediaFixture("pcm-audio.mov"), toPath: outer.file("x.mp4"))
        let track = folder + "/clip.track.json"
        try SyntheticTrackFile.write(to: track, sourceName: sourceName)
        let result = try runActone(["inspect", track, "--overlay", outer.file("o.mp4")])
        #expect(result.status == 1 && result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(folder + "/x.mp4 does not exist"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outer.file("o.mp4")))
    }
}
