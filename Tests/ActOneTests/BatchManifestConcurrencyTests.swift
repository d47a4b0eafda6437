import Foundation
import Testing

@testable import ActOne

/// The manifest with several writers at once, outputs finished but not recorded, and the
/// leftovers of runs that were killed.
@Suite("Batch manifest with concurrent and interrupted writers")
struct BatchManifestConcurrencyTests {
    static func entry(_ output: String, clip: String = "c1") -> BatchManifest.Entry {
        BatchManifestTests.entry(output, clip: clip)
    }

    @Test("recorders of the same shard file, as two processes would be, lose no entry")
    func concurrentRecordersKeepEveryEntry() throws {
        let out = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: BatchManifest.folder(outputFolder: out.path), withIntermediateDirectories: true)
        // One recorder per writer, each opening the lock file itself: flock excludes them from
        // each other as it excludes two processes.
        let writers = 4, perWriter = 25, folder = out.path
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            let recorder = ManifestRecorder(outputFolder: folder, shard: .whole)
            for n in 0..<perWriter { try? recorder.record(Self.entry("w\(writer)-\(n).mp4")) }
        }
        let entries = BatchManifest.load(outputFolder: out.path).manifest.entries
        #expect(entries.count == writers * perWriter)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path + "/.actone-batch").sorted()
                == ["manifest.json", "manifest.lock"])
    }

    static func started(clip: String = "c1", replacing: FileIdentity? = nil) -> StartedRender {
        StartedRender(
            output: "a_x.mp4", clip: "clips/a.mp4", clipSHA256: clip, character: "x.png", characterSHA256: "k1",
            settings: "s1", replacing: replacing, started: "2025-01-01T00:00:00.000Z")
    }

    @Test("an output finished but not recorded is adopted when its inputs match, refused when not")
    func adoptionDecisions() {
        func decide(entry: BatchManifest.Entry? = nil, _ unrecorded: [StartedRender], force: Bool = false) -> ItemDecision {
            ItemDecision.decide(
                entry: entry, clipSHA256: "c1", characterSHA256: "k1", settings: "s1", existingBytes: 100,
                force: force, unrecorded: unrecorded)
        }
        let same = Self.started(), other = Self.started(clip: "c2")
        #expect(decide([same]) == .adopt(same))
        #expect(decide([other, same]) == .adopt(same))
        guard case .refuse(let reason) = decide([other]) else { Issue.record("other inputs must be refused"); return }
        #expect(reason.contains("other inputs or settings") && reason.contains("--force"))
        #expect(decide([other], force: true) == .render(overwrite: true))
        // A recorded entry from older inputs, then a newer render that was not recorded: adopted.
        #expect(decide(entry: Self.entry("a_x.mp4", clip: "c0"), [same]) == .adopt(same))
        #expect(decide(entry: Self.entry("a_x.mp4", clip: "c0"), [other]) == .render(overwrite: true))
    }

    @Test("a render has finished only when the output is not the file it set out to replace")
    func finishedMeansRenamedIntoPlace() throws {
        let out = try TemporaryDirectory()
        let target = try out.write(Array("old".utf8), to: "a_x.mp4")
        let old = try #require(FileIdentity.of(target))
        #expect(!Self.started(replacing: old).finished(current: FileIdentity.of(target)), "killed before its rename")
        #expect(!Self.started().finished(current: nil), "nothing in place")
        let fresh = try out.write(Array("new".utf8), to: ".a_x.partial-1-z.mp4")
        #expect(rename(fresh, target) == 0)
        #expect(Self.started(replacing: old).finished(current: FileIdentity.of(target)))
        #expect(Self.started().finished(current: FileIdentity.of(target)))
    }

    @Test("a plan adopts an output whose run was killed before its manifest entry")
    func planAdoptsAndRecordsAreRead() throws {
        let out = try TemporaryDirectory()
        try out.makeDirectory("clips")
        let clip = try out.write(Array("clip".utf8), to: "clips/a.mp4")
        let character = try out.write(Array("face".utf8), to: "x.png")
        let workList = try BatchWorkList(clips: [ClipListing.Clip(path: clip, relativePath: "a.mp4")], characters: [character])
        let clipSHA = SHA256.hexString(SHA256.hash(Array("clip".utf8))), characterSHA = SHA256.hexString(SHA256.hash(Array("face".utf8)))
        let output = workList.items[0].output
        var record = StartedRender(
            output: output, clip: clip, clipSHA256: clipSHA, character: character,
            characterSHA256: characterSHA, settings: "s1", replacing: nil, started: BatchManifest.timestamp())
        let recordPath = try record.write(outputFolder: out.path + "/out")
        _ = try out.write(Array("video".utf8), to: "out/" + output)
        let plan = BatchPlan(
            workList: workList, shard: .whole, outputFolder: out.path + "/out", settings: "s1", force: false, concurrency: 1)
        guard case .adopt(let entry, let path) = plan.steps[0].action else { Issue.record("\(plan.steps[0].action)"); return }
        #expect(path == recordPath && entry.bytes == 5 && entry.clipSHA256 == clipSHA)

        // Made with other settings: refused, with the reason.
        record.settings = "s0"
        _ = try record.write(outputFolder: out.path + "/out")
        let other = BatchPlan(
            workList: workList, shard: .whole, outputFolder: out.path + "/out", settings: "s1", force: false, concurrency: 1)
        guard case .fail(let reason) = other.steps[0].action else { Issue.record("\(other.steps[0].action)"); return }
        #expect(reason.contains("other inputs or settings"))
    }

    /// The pid of a process that has ended.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("a dead writer's old temporary is swept; a live writer's, or a fresh one, is kept")
    func sweepRule() throws {
        let out = try TemporaryDirectory()
        let dead = try Self.deadProcessID()
        let stale = try out.write([1], to: "sub/.a_x.partial-\(dead)-k3.mp4")
        let fresh = try out.write([1], to: ".b_x.partial-\(dead)-k4.mp4")
        let live = try out.write([1], to: ".actone-batch/.manifest.partial-\(getpid())-k5.json")
        let notOurs = try out.write([1], to: ".a_x.partial-notapid.mp4")
        let old = Date().addingTimeInterval(-2 * StaleTemporaries.minimumAge)
        for path in [stale, live, notOurs] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        }
        #expect(StaleTemporaries.sweep(folder: out.path) == [stale])
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect([fresh, live, notOurs].allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }

    @Test("a dead run's record is swept when it has nothing to adopt, kept when its output is in place")
    func abandonedRecordsAreSwept() throws {
        let out = try TemporaryDirectory()
        let dead = try Self.deadProcessID()
        let folder = StartedRender.folder(outputFolder: out.path)
        func record(_ output: String, pid: Int32) throws -> String {
            var started = Self.started()
            started.output = output
            let path = folder + "/" + "\(output)-\(pid).json"
            _ = try out.write(Array(try JSONEncoder().encode(started)), to: ".actone-batch/started/\(output)-\(pid).json")
            try FileManager.default.setAttributes(
                [.modificationDate: Date().addingTimeInterval(-2 * StaleTemporaries.minimumAge)],
                ofItemAtPath: path)
            return path
        }
        let abandoned = try record("gone.mp4", pid: dead)
        _ = try out.write([1], to: "done.mp4")
        let adoptable = try record("done.mp4", pid: dead)
        let live = try record("live.mp4", pid: getpid())
        #expect(StaleTemporaries.sweep(folder: out.path) == [abandoned])
        #expect(FileManager.default.fileExists(atPath: adoptable) && FileManager.default.fileExists(atPath: live))
    }

    @Test("an output another run put in place after the plan counts as made, one that was there at the plan does not")
    func madeElsewhereNeedsAFileNewerThanThePlan() throws {
        let out = try TemporaryDirectory()
        let item = BatchItem(
            number: 0, clip: ClipListing.Clip(path: "clips/a.mp4", relativePath: "a.mp4"), character: "x.png",
            output: "a_x.mp4")
        var step = BatchPlan.Step(item: item, action: .render(overwrite: false), clipSHA256: "c1", characterSHA256: "k1")
        let runner = BatchRunner(outputFolder: out.path, jobs: 1, settings: RenderPipeline.Settings())
        let target = try out.write([1, 2, 3], to: "a_x.mp4")
        #expect(runner.madeElsewhere(step, settings: "s1") == nil, "no record, no entry: someone else's file")

        // Another process's record (another pid) of a render from the same inputs, finished.
        var record = Self.started()
        record.output = "a_x.mp4"
        _ = try out.write(Array(try JSONEncoder().encode(record)), to: ".actone-batch/started/a-\(try Self.deadProcessID()).json")
        #expect(runner.madeElsewhere(step, settings: "s1")?.text.contains("made meanwhile") == true)
        #expect(runner.madeElsewhere(step, settings: "s2") == nil, "other settings")
        // The same file was there when the plan was made (a failed --force render over it).
        step.planned = FileIdentity.of(target)
        #expect(runner.madeElsewhere(step, settings: "s1") == nil)
    }
}
