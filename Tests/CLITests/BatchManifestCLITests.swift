import Foundation
import Testing

/// The manifest when runs share a folder or are killed: two unsharded runs at once, an output
/// renamed into place whose run died before recording it, and temporaries of dead runs.
@Suite struct BatchManifestCLITests {
    static var modelsInstalled: Bool { BatchFixture.modelsInstalled }
    static let batch = ["batch", "clips", "cast", "-o", "out", "--jobs", "1", "--preset", "ultrafast"]

    static func manifest(_ fixture: BatchFixture) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture.folder.file("out/.actone-batch/manifest.json")))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["entries"] as? [[String: Any]] ?? []
    }

    static func writeManifest(_ fixture: BatchFixture, entries: [[String: Any]]) throws {
        let file: [String: Any] = ["format": "actone.batch-manifest", "version": 1, "shard": "1/1", "entries": entries]
        try JSONSerialization.data(withJSONObject: file).write(
            to: URL(fileURLWithPath: fixture.folder.file("out/.actone-batch/manifest.json")))
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func twoUnshardedRunsAtOnceLoseNoEntry() throws {
        let fixture = try BatchFixture(frames: 3)
        final class Runs: @unchecked Sendable { var results: [CLIResult?] = [nil, nil]; let lock = NSLock() }
        let runs = Runs()
        let folder = fixture.path
        DispatchQueue.concurrentPerform(iterations: 2) { run in
            let result = try? runActone(Self.batch + ["--report", "r\(run).json"], in: folder)
            runs.lock.withLock { runs.results[run] = result }
        }
        for result in runs.results { #expect(result?.status == 1, "the broken clip fails: \(result?.stderr ?? "no run")") }
        #expect(fixture.outputs() == BatchFixture.allOutputs)
        let recorded = try Self.manifest(fixture).compactMap { $0["output"] as? String }.sorted()
        #expect(recorded == BatchFixture.allOutputs, "every output in the one manifest")
        // Neither run refused an output the other made.
        for run in 0..<2 {
            let statuses = try fixture.report("r\(run).json").filter { $0["status"] as? String == "failed" }
            #expect(statuses.allSatisfy { ($0["output"] as? String)?.contains("broken") == true }, "\(statuses)")
        }
        let third = try runActone(Self.batch + ["--report", "r2.json"], in: folder)
        #expect(BatchCommandTests.statuses(try fixture.report("r2.json")).values.filter { $0 == "skipped" }.count == 4, "\(third.stderr)")
        #expect(fixture.files(under: "out").filter { $0.contains(".partial-") || $0.contains("started/") }.isEmpty)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func anOutputFinishedButNotRecordedIsAdoptedWhenItsInputsMatch() throws {
        let fixture = try BatchFixture(frames: 3)
        let first = try runActone(Self.batch, in: fixture.path)
        #expect(first.status == 1 && fixture.outputs() == BatchFixture.allOutputs, "\(first.stderr)")
        // What a run killed between an output's rename and its manifest entry leaves: the output,
        // and the record of what its render was started from, but no entry. For b_astronaut the
        // record names another character: not this batch's output.
        var entries = try Self.manifest(fixture)
        try FileManager.default.createDirectory(atPath: fixture.folder.file("out/.actone-batch/started"), withIntermediateDirectories: true)
        for output in ["a_astronaut.mp4", "b_astronaut.mp4"] {
            var record = try #require(entries.first { $0["output"] as? String == output })
            for key in ["frames", "bytes", "finished"] { record.removeValue(forKey: key) }
            record["started"] = "2025-01-01T00:00:00.000Z"
            if output.hasPrefix("b") { record["characterSHA256"] = String(repeating: "0", count: 64) }
            try JSONSerialization.data(withJSONObject: record)
                .write(to: URL(fileURLWithPath: fixture.folder.file("out/.actone-batch/started/\(output)-999999.json")))
        }
        entries.removeAll { ["a_astronaut.mp4", "b_astronaut.mp4"].contains($0["output"] as? String ?? "") }
        try Self.writeManifest(fixture, entries: entries)

        let again = try runActone(Self.batch + ["--report", "again.json"], in: fixture.path)
        #expect(again.status == 1)
        let statuses = BatchCommandTests.statuses(try fixture.report("again.json"))
        #expect(statuses["out/a_astronaut.mp4"] == "skipped" && statuses["out/b_astronaut.mp4"] == "failed", "\(again.stderr)")
        #expect(again.errorLines.contains { $0.contains("skipped out/a_astronaut.mp4 (adopted") }, "\(again.stderr)")
        #expect(again.errorLines.contains { $0.contains("failed out/b_astronaut.mp4") && $0.contains("other inputs or settings") })
        #expect(try Self.manifest(fixture).contains { $0["output"] as? String == "a_astronaut.mp4" }, "adopted into the manifest")
        #expect(fixture.files(under: "out/.actone-batch/started") == ["b_astronaut.mp4-999999.json"])
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func aDeadRunsTemporariesAreSweptALiveOnesKept() throws {
        let folder = ScratchFolder()
        try FileManager.default.createDirectory(atPath: folder.file("out/sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.file("clips"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: mediaFixture("truncated-moov-at-end.mp4"), toPath: folder.file("clips/broken.mp4"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("x.png")))
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = ended.processIdentifier, live = ProcessInfo.processInfo.processIdentifier
        let stale = ["out/.x.partial-\(dead)-a1.mp4", "out/sub/.y.partial-\(dead)-a2.mp4", "out/.actone-cache/.k.partial-\(dead)-a3.json"]
        let kept = ["out/.x.partial-\(live)-b1.mp4"]
        let old = Date().addingTimeInterval(-3600)
        for name in stale + kept {
            try FileManager.default.createDirectory(
                atPath: (folder.file(name) as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try Data([0]).write(to: URL(fileURLWithPath: folder.file(name)))
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder.file(name))
        }
        let result = try runActone(["batch", "clips", "x.png", "-o", "out"], in: folder.path)
        #expect(result.status == 1, "the broken clip fails: \(result.stderr)")
        for name in stale { #expect(!FileManager.default.fileExists(atPath: folder.file(name)), "\(name)") }
        for name in kept { #expect(FileManager.default.fileExists(atPath: folder.file(name)), "\(name)") }
        #expect(result.errorLines.filter { $0.contains("left by a run that has ended") }.count == stale.count)
    }
}
