import Foundation
import Testing

/// Usage errors as a user meets them: one line, status 64, what was wrong, the values an option
/// takes, and a hint for the common slips. None of these open a file or need the models.
@Suite struct UsageMessagesCLITests {
    /// One line on stderr starting `actone: `, status 64, containing every fragment.
    private func expectUsageLine(
        _ arguments: [String], _ fragments: [String], in folder: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try runActone(arguments, in: folder)
        #expect(result.status == 64, "\(arguments): status \(result.status)", sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1, "\(arguments): stderr was\n\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("actone: "), "\(result.stderr)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(
                result.stderr.contains(fragment), "\(arguments): missing \(fragment) in \(result.stderr)",
                sourceLocation: sourceLocation)
        }
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func aMistypedCommandGetsADidYouMean() throws {
        let folder = ScratchFolder()
        try expectUsageLine(["trak", "d0.mp4"], ["'trak'", "did you mean 'actone track d0.mp4'"], in: folder.path)
        try expectUsageLine(["rendr", "d0.mp4", "c.jpg"], ["did you mean 'actone render d0.mp4 c.jpg'"], in: folder.path)
        try expectUsageLine(["modles", "--verify"], ["did you mean 'actone models --verify'"], in: folder.path)
        try expectUsageLine(["Inspect", "d0.mp4"], ["did you mean 'actone inspect d0.mp4'"], in: folder.path)

        // A file of that name is a driving video, not a slip.
        FileManager.default.createFile(atPath: folder.file("trak"), contents: Data("not a video".utf8))
        let file = try runActone(["trak", "c.jpg"], in: folder.path)
        #expect(!file.stderr.contains("did you mean"), "\(file.stderr)")
        // Nothing like a command: no guess.
        let unrelated = try runActone(["zebra", "c.jpg"], in: folder.path)
        #expect(!unrelated.stderr.contains("did you mean"), "\(unrelated.stderr)")
    }

    @Test func swappedArgumentsAreNamed() throws {
        try expectUsageLine(["c.jpg", "d0.mp4"], ["the driving video comes first", "actone d0.mp4 c.jpg"])
        try expectUsageLine(["render", "face.png", "clip.mov"], ["the driving video comes first"])
    }

    @Test func optionsWithAFixedSetListTheirValues() throws {
        let render = ["d0.mp4", "c.jpg"]
        try expectUsageLine(render + ["--crop", "wide"], ["'wide'", "'full'", "'face'", "actone render --help"])
        try expectUsageLine(render + ["--mouth", "teeth"], ["'auto'", "'driver'", "'synth'"])
        try expectUsageLine(render + ["--animate", "eyes,ears"], ["'eyes,ears'", "'brows'", "'gaze'"])
        try expectUsageLine(render + ["--preset", "fastest"], ["'ultrafast'", "'veryslow'"])
        try expectUsageLine(["track", "d0.mp4", "--format", "xml"], ["'json'", "'livelink'", "'bvh'", "actone track --help"])
        try expectUsageLine(["track", "d0.mp4", "--angle-units", "turns"], ["'radians'", "'unit'"])
        try expectUsageLine(["batch", "clips", "cast", "-o", "out", "--crop", "tight"], ["'full'", "'face'"])
    }

    @Test func otherUsageErrorsAreOneLineToo() throws {
        try expectUsageLine(["d0.mp4"], ["<character>", "usage: actone render"])
        try expectUsageLine(["d0.mp4", "c.jpg", "--bogus"], ["'--bogus'"])
        try expectUsageLine(["d0.mp4", "c.jpg", "--size", "256"], ["--crop face"])
        try expectUsageLine(["inspect"], ["<file>", "actone inspect --help"])
    }

    @Test func renderHelpGroupsItsOptions() throws {
        let help = try runActone(["render", "--help"])
        #expect(help.status == 0)
        let titles = ["OUTPUT:", "MOTION:", "NEUTRAL FACE:", "LOOK:", "THE CHARACTER'S FACE:", "ENCODING:", "OPTIONS:"]
        let positions = titles.compactMap { help.stdout.range(of: "\n" + $0 + "\n")?.lowerBound }
        #expect(positions.count == titles.count, "\(help.stdout)")
        #expect(positions == positions.sorted())
        #expect(help.stdout.contains("(values: full, face;"), "\(help.stdout)")
    }

    @Test func completionOffersTheValues() throws {
        let script = try runActone(["--generate-completion-script", "bash"])
        #expect(script.status == 0)
        for value in ["'full'", "'synth'", "'livelink'", "'veryslow'", "'gaze'"] {
            #expect(script.stdout.contains(value), "\(value) missing from the bash completion")
        }
    }
}
