import Foundation
import Imaging
import MediaIO
import Testing

/// `actone batch` on a folder made in the test: two good clips and a broken one, two characters.
@Suite struct BatchCommandTests {
    static var modelsInstalled: Bool { BatchFixture.modelsInstalled }
    static let batch = ["batch", "clips", "cast", "-o", "out", "--jobs", "2", "--preset", "ultrafast"]

    static func statuses(_ rows: [[String: Any]]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: rows.map { (($0["output"] as? String) ?? "", ($0["status"] as? String) ?? "") })
    }

    static func modificationDates(_ fixture: BatchFixture) throws -> [String: Date] {
        try Dictionary(
            uniqueKeysWithValues: fixture.outputs().map { name in
                (name, try FileManager.default.attributesOfItem(atPath: fixture.folder.file("out/" + name))[.modificationDate] as! Date)
            })
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func rendersEveryPairIsolatesFailuresAndResumes() throws {
        let fixture = try BatchFixture()
        let first = try runActone(Self.batch + ["--report", "report.json"], in: fixture.path)
        #expect(first.status == 1, "a broken clip fails the batch")
        #expect(fixture.outputs() == BatchFixture.allOutputs)
        let rows = try fixture.report("report.json")
        #expect(rows.count == 6)
        let failed = rows.filter { $0["status"] as? String == "failed" }
        #expect(failed.map { $0["output"] as? String } == ["out/broken_astronaut.mp4", "out/broken_character.mp4"])
        #expect(failed.allSatisfy { ($0["error"] as? String)?.contains("broken.mp4") == true })
        #expect(rows.filter { $0["status"] as? String == "rendered" }.allSatisfy { $0["frames"] as? Int == BatchFixture.frames })
        // Not a terminal: one line per item on stderr; the summary table on stdout.
        #expect(first.errorLines.filter { $0.hasPrefix("actone: [") }.count == 6)
        #expect(first.stdout.contains("clips tracked 2, tracks from the cache 0"))
        #expect(first.stdout.contains("out/broken_astronaut.mp4"))

        // Each output has every driver frame, the driver's rate, and the clip's sound when it has one.
        for name in BatchFixture.allOutputs {
            let info = try MediaProbe.inspectVideo(path: fixture.folder.file("out/" + name))
            #expect(info.streams.first { $0.kind == .video }?.frameCount == BatchFixture.frames, "\(name)")
            #expect(info.streams.contains { $0.kind == .audio } == name.hasPrefix("a_"), "\(name)")
        }
        // One track per readable clip, no temporary files anywhere.
        let cache = fixture.files(under: "out/.actone-cache")
        #expect(cache.count == 2 && cache.allSatisfy { $0.hasSuffix(".track.json") && $0.count == 64 + 11 })
        #expect(fixture.files(under: "out").filter { $0.contains(".partial-") }.isEmpty)

        // Again: nothing is rendered, the outputs are not touched, the broken clip still fails.
        let dates = try Self.modificationDates(fixture)
        let again = try runActone(Self.batch + ["--report", "report.json"], in: fixture.path)
        #expect(again.status == 1)
        #expect(
            Self.statuses(try fixture.report("report.json")).values.sorted() == [
                "failed", "failed", "skipped", "skipped", "skipped", "skipped",
            ])
        #expect(try Self.modificationDates(fixture) == dates)
        #expect(!again.stderr.contains("] rendered"))

        // A changed character is rendered again, from the cached tracks; the other's outputs are kept.
        let mirrored = try ImageLoader.load(path: fixture.folder.file("cast/character.png")).rgb.flippedHorizontally()
        try ImageWriter.writePNG(mirrored, to: fixture.folder.file("cast/character.png"), overwrite: true)
        let changed = try runActone(Self.batch + ["--report", "report.csv"], in: fixture.path)
        #expect(changed.status == 1)
        let csv = try String(contentsOfFile: fixture.folder.file("report.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").first == "clip,character,output,status,seconds,frames,error,shard")
        #expect(csv.contains("out/a_character.mp4,rendered") && csv.contains("out/b_character.mp4,rendered"))
        #expect(csv.contains("out/a_astronaut.mp4,skipped") && csv.contains("out/b_astronaut.mp4,skipped"))
        #expect(changed.stdout.contains("clips tracked 0, tracks from the cache 2"))
        let after = try Self.modificationDates(fixture)
        #expect(after["a_astronaut.mp4"] == dates["a_astronaut.mp4"] && after["a_character.mp4"] != dates["a_character.mp4"])
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func slurmArrayShardsShareAFolderAndCoverTheWorkOnce() throws {
        // Nine items: a, b and broken on astronaut, character and a faceless wall.
        let fixture = try BatchFixture(facelessCharacter: true)
        final class Runs: @unchecked Sendable { var results: [Int: CLIResult] = [:]; let lock = NSLock() }
        let runs = Runs()
        let folder = fixture.path
        // Two array tasks of `sbatch --array=1-2`, at the same time, into one folder.
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            var environment = ProcessInfo.processInfo.environment
            environment["SLURM_ARRAY_TASK_ID"] = String(task + 1)
            environment["SLURM_ARRAY_TASK_MIN"] = "1"
            environment["SLURM_ARRAY_TASK_MAX"] = "2"
            let result = try? runActone(
                Self.batch + ["--jobs", "1", "--report", "out/report.json"], in: folder,
                environment: environment)
            runs.lock.withLock { runs.results[task] = result }
        }
        let one = try #require(runs.results[0]), two = try #require(runs.results[1])
        #expect(one.status == 1 && two.status == 1, "each shard has a failure: \(one.stderr) \(two.stderr)")
        #expect(one.stderr.contains("shard 1/2") && two.stderr.contains("shard 2/2"))
        #expect(fixture.outputs() == BatchFixture.allOutputs)

        let first = try fixture.report("out/report.shard-1-of-2.json"), second = try fixture.report("out/report.shard-2-of-2.json")
        #expect(
            first.compactMap { $0["output"] as? String } == [
                "out/a_astronaut.mp4", "out/a_character.mp4", "out/a_wall.mp4", "out/b_astronaut.mp4",
            ])
        #expect(
            second.compactMap { $0["output"] as? String } == [
                "out/b_character.mp4", "out/b_wall.mp4", "out/broken_astronaut.mp4",
                "out/broken_character.mp4", "out/broken_wall.mp4",
            ])
        // The faceless character fails its items with a reason that fits a batch.
        let wallErrors: [String] = (first + second).filter { row in
            let output = row["output"] as? String ?? ""
            return output.hasSuffix("_wall.mp4") && !output.contains("broken")
        }.map { $0["error"] as? String ?? "" }
        #expect(wallErrors.count == 2 && wallErrors.allSatisfy { $0.contains("no face found in the character image") })
        #expect(fixture.files(under: "out/.actone-batch") == ["manifest-shard-1-of-2.json", "manifest-shard-2-of-2.json", "manifest.lock"])
        // Both shards needed b.mp4's track; whichever renamed it last, one track per clip is left.
        #expect(fixture.files(under: "out/.actone-cache").count == 2)
        #expect(fixture.files(under: "out").filter { $0.contains(".partial-") }.isEmpty)

        let merged = try runActone(
            [
                "batch", "--merge-reports", "out/report.shard-2-of-2.json", "out/report.shard-1-of-2.json",
                "--report", "all.csv",
            ], in: fixture.path)
        #expect(merged.status == 1, "the merged batch has failures")
        let lines = try String(contentsOfFile: fixture.folder.file("all.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10)
        let mergedOutputs: [String] = lines.dropFirst().map { String($0.split(separator: ",")[2]) }
        let shardOutputs: [String] = (first + second).compactMap { $0["output"] as? String }
        #expect(mergedOutputs == shardOutputs, "shard order, whatever order the reports were given in")

        // Unsharded, the same folder is complete: the shards' manifests are read.
        let whole = try runActone(Self.batch + ["--report", "whole.json"], in: fixture.path)
        #expect(Self.statuses(try fixture.report("whole.json")).values.filter { $0 == "skipped" }.count == 4, "\(whole.stderr)")
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func anInterruptLeavesNoPartialFiles() throws {
        let fixture = try BatchFixture(frames: 40)
        var sawPartial = false
        let result = try runActone(Self.batch, in: fixture.path) { process in
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline {
                if fixture.files(under: "out").contains(where: { $0.contains(".partial-") && $0.hasSuffix(".mp4") }) {
                    sawPartial = true
                    process.interrupt()
                    return
                }
                usleep(5_000)
            }
        }
        #expect(sawPartial, "a render was caught in progress")
        #expect(result.status == 128 + SIGINT)
        #expect(fixture.files(under: "out").filter { $0.contains(".partial-") }.isEmpty)
    }

    /// What `--dry-run` lists: the outputs the shard would render, in order.
    static func plannedOutputs(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws -> [String] {
        let result = try runActone(
            ["batch", "clips", "cast", "-o", "out", "--dry-run"] + arguments, in: folder,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").last.map(String.init) }
    }

    @Test func shardsSplitTheWorkListExactlyOnceHoweverTheyAreGiven() throws {
        let folder = ScratchFolder()
        for name in ["clips/a.mp4", "clips/b.MOV", "clips/c.mkv", "clips/sub/d.mp4", "clips/notes.txt", "cast/x.png", "cast/y.jpg"] {
            try FileManager.default.createDirectory(
                atPath: folder.file((name as NSString).deletingLastPathComponent),
                withIntermediateDirectories: true)
            try Data(name.utf8).write(to: URL(fileURLWithPath: folder.file(name)))
        }
        let all = try Self.plannedOutputs(["--recursive"], in: folder.path)
        #expect(
            all == [
                "out/a_x.mp4", "out/a_y.mp4", "out/b_x.mp4", "out/b_y.mp4", "out/c_x.mp4", "out/c_y.mp4",
                "out/sub/d_x.mp4", "out/sub/d_y.mp4",
            ])
        let shards = try (1...3).map { try Self.plannedOutputs(["--recursive", "--shard", "\($0)/3"], in: folder.path) }
        #expect(shards.flatMap { $0 } == all)
        // The same slices from each scheduler's variables.
        for i in 0..<3 {
            #expect(
                try Self.plannedOutputs(
                    ["--recursive"], in: folder.path,
                    environment: ["JOB_COMPLETION_INDEX": "\(i)", "ACTONE_SHARD_COUNT": "3"]) == shards[i])
            #expect(
                try Self.plannedOutputs(
                    ["--recursive", "--shards", "3"], in: folder.path,
                    environment: ["JOB_COMPLETION_INDEX": "\(i)"]) == shards[i])
            #expect(
                try Self.plannedOutputs(
                    ["--recursive"], in: folder.path,
                    environment: ["AWS_BATCH_JOB_ARRAY_INDEX": "\(i)", "AWS_BATCH_JOB_ARRAY_SIZE": "3"]) == shards[i])
            #expect(
                try Self.plannedOutputs(
                    ["--recursive"], in: folder.path,
                    environment: ["SLURM_ARRAY_TASK_ID": "\(i)", "SLURM_ARRAY_TASK_COUNT": "3"]) == shards[i])
        }
        // --extensions picks the clips.
        #expect(
            try Self.plannedOutputs(["--extensions", "mov,.MKV"], in: folder.path)
                == ["out/b_x.mp4", "out/b_y.mp4", "out/c_x.mp4", "out/c_y.mp4"])
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")), "a dry run writes nothing")
    }

    @Test func badArgumentsAndSetupsFailBeforeAnyWork() throws {
        let fixture = ScratchFolder()
        try FileManager.default.createDirectory(atPath: fixture.file("clips"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: fixture.file("clips/a.mp4")))
        try Data("x".utf8).write(to: URL(fileURLWithPath: fixture.file("x.png")))
        for arguments in [
            ["batch", "clips", "x.png"],
            ["batch", "clips", "-o", "out"],
            ["batch", "clips", "x.png", "-o", "out", "--jobs", "0"],
            ["batch", "clips", "x.png", "-o", "out", "--shard", "3/2"],
            ["batch", "clips", "x.png", "-o", "out", "--shard", "1/2", "--shards", "3"],
            ["batch", "clips", "x.png", "-o", "out", "--report", "r.txt"],
            ["batch", "clips", "--merge-reports", "r.json"],
        ] {
            let result = try runActone(arguments, in: fixture.path)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
        let noCount = try runActone(
            ["batch", "clips", "x.png", "-o", "out", "--dry-run"], in: fixture.path,
            environment: ProcessInfo.processInfo.environment.merging(["JOB_COMPLETION_INDEX": "1"]) { $1 })
        #expect(noCount.status == 1 && noCount.stderr.contains("ACTONE_SHARD_COUNT"))
        for (arguments, message) in [
            (["batch", "nowhere", "x.png", "-o", "out"], "not a folder"),
            (["batch", "clips", "nobody.png", "-o", "out"], "nobody.png"),
            (["batch", "clips", "x.png", "-o", "out", "--extensions", "webm"], "no clips"),
        ] {
            let result = try runActone(arguments, in: fixture.path)
            #expect(result.status == 1 && result.errorLines.count == 1 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(fixture.contents == ["clips", "x.png"])
    }
}
