import Foundation
import Testing

/// Where outputs may go, through the built binary: never onto an input, through links, into
/// FIFOs, devices and standard output without replacing them, and no temporary file left behind
/// when a signal ends the run.
@Suite struct OutputDestinationCLITests {
    static var modelsInstalled: Bool { TrackCommandTests.modelsInstalled }
    static let sample = TrackCommandTests.sample

    /// Files in `folder` named like a temporary output (`.NAME.partial-PID-TOKEN.EXT`).
    private func leftovers(_ folder: ScratchFolder) -> [String] {
        folder.contents.filter { $0.contains(".partial-") || $0.hasSuffix(".tmp") }
    }

    @Test func anOutputThatIsAnInputIsRefused() throws {
        let folder = ScratchFolder()
        let track = folder.file("take.track.json")
        try SyntheticTrackFile.write(to: track)
        let before = try Data(contentsOf: URL(fileURLWithPath: track))

        // The input under another name: a hard link, a symbolic link.
        let hard = folder.file("hard.png"), soft = folder.file("soft.png")
        #expect(link(track, hard) == 0)
        try FileManager.default.createSymbolicLink(atPath: soft, withDestinationPath: track)
        for alias in [hard, soft] {
            let result = try runActone(["inspect", track, "--plot", alias, "--force"])
            #expect(result.status == 1 && result.errorLines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("same file as the input"), "\(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: track)) == before)
        }
        #expect(leftovers(folder).isEmpty)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func trackOntoItsOwnVideoIsRefused() throws {
        let folder = ScratchFolder()
        let clip = folder.file("clip.mp4")
        try FileManager.default.copyItem(atPath: Self.sample, toPath: clip)
        let before = try Data(contentsOf: URL(fileURLWithPath: clip))
        let result = try runActone(["track", clip, "-o", clip, "--force"])
        #expect(result.status == 1 && result.errorLines.count == 1, "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: clip)) == before)
        #expect(folder.contents == ["clip.mp4"])
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func dashIsStandardOutput() throws {
        let folder = ScratchFolder()
        let result = try runActone(["track", Self.sample, "-o", "-", "--no-landmarks"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.contents.isEmpty, "no file named '-': \(folder.contents)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["frames"] as? [Any])?.count == 100)
        #expect(result.stderr.contains("standard output"))

        // Where standard output is not offered, `-` is one clear refusal.
        let track = folder.file("t.track.json")
        try SyntheticTrackFile.write(to: track)
        let plot = try runActone(["inspect", track, "--plot", "-"], in: folder.path)
        #expect(plot.status != 0 && plot.errorLines.count == 1, "\(plot.stderr)")
        #expect(folder.contents == ["t.track.json"])

        // A reader that stops early: the run ends as SIGPIPE would end it, and quietly.
        let cut = try runShell(
            "\"$0\" track \"$1\" -o - | head -c 100 >/dev/null; exit ${PIPESTATUS[0]}",
            [actoneBinary, Self.sample], in: folder.path)
        #expect(cut.status == 128 + SIGPIPE, "\(cut.status): \(cut.stderr)")
        #expect(!cut.stderr.contains("actone:"), "\(cut.stderr)")
    }

    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        let folder = ScratchFolder()
        let track = folder.file("t.track.json")
        try SyntheticTrackFile.write(to: track)
        try FileManager.default.createDirectory(atPath: folder.file("plots"), withIntermediateDirectories: false)
        try "old".write(toFile: folder.file("plots/real.png"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.file("chart.png"), withDestinationPath: "plots/real.png")

        let result = try runActone(["inspect", track, "--plot", folder.file("chart.png"), "--force"])
        #expect(result.status == 0, "\(result.stderr)")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: folder.file("chart.png"))
        #expect(link == "plots/real.png", "the link stays a link")
        let png = try Data(contentsOf: URL(fileURLWithPath: folder.file("plots/real.png")))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "the file it points to is the new chart")
        #expect(leftovers(folder).isEmpty)
    }

    @Test func aFIFOIsWrittenThrough() throws {
        let folder = ScratchFolder()
        let track = folder.file("t.track.json")
        try SyntheticTrackFile.write(to: track)
        let fifo = folder.file("chart.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)

        // A reader on the other end, as a viewer or `cat` would be.
        final class Box: @unchecked Sendable { var data = Data() }
        let received = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if let handle = FileHandle(forReadingAtPath: fifo) { received.data = handle.readDataToEndOfFile() }
            done.signal()
        }
        let result = try runActone(["inspect", track, "--plot", fifo], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(received.data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
        #expect(leftovers(folder).isEmpty)
    }

    @Test func devNullStaysADevice() throws {
        let folder = ScratchFolder()
        let track = folder.file("t.track.json")
        try SyntheticTrackFile.write(to: track)
        let result = try runActone(["inspect", track, "--plot", "/dev/null", "--force"])
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        #expect(!FileManager.default.contentsOfDirectory(atPathOrEmpty: "/dev").contains { $0.hasPrefix(".null.partial-") })
    }

    @Test func aSocketIsRefused() throws {
        let folder = ScratchFolder()
        let track = folder.file("t.track.json")
        try SyntheticTrackFile.write(to: track)
        let socketPath = folder.file("s.png")
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        let result = try runActone(["inspect", track, "--plot", socketPath, "--force"])
        #expect(result.status == 1 && result.stderr.contains("socket"), "\(result.stderr)")
    }

    @Test func aNameAsLongAsTheFileSystemAllowsWorks() throws {
        let folder = ScratchFolder()
        let track = folder.file("t.track.json")
        try SyntheticTrackFile.write(to: track)
        let name = String(repeating: "n", count: 240) + ".png"  // 244 bytes; the limit is 255
        let result = try runActone(["inspect", track, "--plot", folder.file(name)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.contents.sorted() == [name, "t.track.json"].sorted())
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func aFileSizeLimitEndsTheRunCleanly() throws {
        let folder = ScratchFolder()
        // 8 KB: far less than a track with landmarks, so the write runs into SIGXFSZ.
        let result = try runShell(
            "ulimit -f 8; exec \"$0\" track \"$1\" -o out.track.json", [actoneBinary, Self.sample],
            in: folder.path)
        // SIGXFSZ is ignored, so the write fails with EFBIG: one error line, nothing left.
        #expect(result.status == 1 && result.errorLines.count == 1, "\(result.status): \(result.stderr)")
        #expect(result.stderr.contains("File too large"), "\(result.stderr)")
        #expect(folder.contents.isEmpty, "left: \(folder.contents)")
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func aClosedPipeEndsTheRunCleanly() throws {
        let fixture = try BatchFixture(frames: 20)
        // `head -1` closes the pipe after the first line; actone's next line meets SIGPIPE.
        let result = try runShell(
            "\"$0\" batch clips cast -o out 2>&1 | head -1 >/dev/null; exit ${PIPESTATUS[0]}",
            [actoneBinary], in: fixture.path)
        #expect(result.status == 128 + SIGPIPE, "\(result.status): \(result.stderr)")
        #expect(fixture.files(under: "out").filter { $0.contains(".partial-") || $0.hasSuffix(".tmp") }.isEmpty)
    }
}

/// Runs `script` with bash (`$0`, `$1`, … are `arguments`), as `runActone` runs the binary, with
/// SIGPIPE and SIGXFSZ at their defaults as in a terminal (the test runner ignores SIGPIPE, and an
/// ignored signal stays ignored in every child).
func runShell(_ script: String, _ arguments: [String], in folder: String) throws -> CLIResult {
    try runActone(["--default-signal=PIPE,XFSZ", "/bin/bash", "-c", script] + arguments, in: folder, binary: "/usr/bin/env")
}
