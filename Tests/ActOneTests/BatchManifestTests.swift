import Foundation
import Testing

@testable import ActOne

@Suite("Batch manifest and hashes")
struct BatchManifestTests {
    static func entry(
        _ output: String, clip: String = "c1", character: String = "k1", settings: String = "s1",
        bytes: Int64 = 100, finished: String = "2025-01-01T00:00:00.000Z"
    ) -> BatchManifest.Entry {
        BatchManifest.Entry(
            output: output, clip: "clips/a.mp4", clipSHA256: clip, character: "x.png", characterSHA256: character,
            settings: settings, frames: 12, bytes: bytes, finished: finished)
    }

    @Test("skip only what was finished from the same clip, character and settings and is still there")
    func decisions() {
        let done = Self.entry("a_x.mp4")
        func decide(
            _ entry: BatchManifest.Entry?, clip: String = "c1", character: String = "k1", settings: String = "s1",
            bytes: Int64? = 100, force: Bool = false
        ) -> ItemDecision {
            ItemDecision.decide(
                entry: entry, clipSHA256: clip, characterSHA256: character, settings: settings,
                existingBytes: bytes, force: force)
        }
        #expect(decide(done) == .skip(done))
        #expect(decide(done, clip: "c2") == .render(overwrite: true))
        #expect(decide(done, character: "k2") == .render(overwrite: true))
        #expect(decide(done, settings: "s2") == .render(overwrite: true))
        #expect(decide(done, bytes: 99) == .render(overwrite: true), "the file was replaced since")
        #expect(decide(done, bytes: nil) == .render(overwrite: false), "the file was deleted since")
        #expect(decide(nil, bytes: nil) == .render(overwrite: false))
        #expect(decide(done, force: true) == .render(overwrite: true))
        // A file the batch did not make is not replaced without --force.
        guard case .refuse = decide(nil) else { Issue.record("an unknown file in the way must be refused"); return }
        #expect(decide(nil, force: true) == .render(overwrite: true))
    }

    @Test("every shard's manifest is read; for an output in several, the latest entry holds")
    func manifestsOfAllShards() throws {
        let out = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: BatchManifest.folder(outputFolder: out.path), withIntermediateDirectories: true)
        let old = Self.entry("a_x.mp4", clip: "old", finished: "2025-01-01T00:00:00.000Z")
        let new = Self.entry("a_x.mp4", clip: "new", finished: "2025-01-02T00:00:00.000Z")
        let other = Self.entry("b_x.mp4")
        try BatchManifest.write(
            [new, other], shard: ShardSelection(index: 0, count: 2),
            to: BatchManifest.filePath(outputFolder: out.path, shard: ShardSelection(index: 0, count: 2)))
        try BatchManifest.write([old], shard: .whole, to: BatchManifest.filePath(outputFolder: out.path, shard: .whole))
        let (manifest, problems) = BatchManifest.load(outputFolder: out.path)
        #expect(problems.isEmpty)
        #expect(manifest.entries == ["a_x.mp4": new, "b_x.mp4": other])
        #expect(FileManager.default.fileExists(atPath: out.path + "/.actone-batch/manifest-shard-1-of-2.json"))

        // A damaged manifest is reported and left out, not fatal.
        try out.write(Array("{\"format\": ".utf8), to: ".actone-batch/manifest-shard-2-of-2.json")
        let (again, damaged) = BatchManifest.load(outputFolder: out.path)
        #expect(again.entries.count == 2 && damaged.count == 1 && damaged[0].contains("manifest-shard-2-of-2.json"))
    }

    @Test("a recorder keeps this shard's earlier entries and leaves no temporary files")
    func recorderAddsToItsOwnFile() throws {
        let out = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: BatchManifest.folder(outputFolder: out.path), withIntermediateDirectories: true)
        try ManifestRecorder(outputFolder: out.path, shard: .whole).record(Self.entry("a_x.mp4"))
        try ManifestRecorder(outputFolder: out.path, shard: .whole).record(Self.entry("b_x.mp4"))
        #expect(Set(BatchManifest.load(outputFolder: out.path).manifest.entries.keys) == ["a_x.mp4", "b_x.mp4"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path + "/.actone-batch").sorted() == ["manifest.json", "manifest.lock"])
    }

    @Test("the track cache's key follows the clip's content, not its name")
    func trackCacheKey() throws {
        let root = try TemporaryDirectory()
        let a = try root.write(Array("clip one".utf8), to: "a.mp4")
        let b = try root.write(Array("clip one".utf8), to: "renamed/b.mp4")
        let c = try root.write(Array("clip two".utf8), to: "c.mp4")
        let digests = InputDigests(paths: [a, b, c, a], concurrency: 2)
        let key = { (path: String) in TrackCache.key(clipSHA256: try digests[path]!.get()) }
        #expect(try key(a) == key(b))
        #expect(try key(a) != key(c))
        #expect(try digests[a]!.get() == SHA256.hexString(SHA256.hash(Array("clip one".utf8))))
        // The key is not the bare content hash: the tracking settings and models are in it.
        #expect(try key(a) != digests[a]!.get())
        #expect(TrackCache.trackingFingerprint.contains(FaceModel.faceLandmarkWithAttention.expectedSHA256))
        let cache = TrackCache(outputFolder: "/out", modelsDirectory: nil)
        #expect(cache.path(clipSHA256: "ab") == "/out/.actone-cache/\(TrackCache.key(clipSHA256: "ab")).track.json")
    }

    @Test("an input that cannot be read is a result, with the system's reason")
    func unreadableInput() throws {
        let root = try TemporaryDirectory()
        let digests = InputDigests(paths: [root.path + "/missing.mp4", root.path], concurrency: 2)
        guard case .failure(let missing)? = digests[root.path + "/missing.mp4"],
            case .failure(let folder)? = digests[root.path]
        else {
            Issue.record("expected failures"); return
        }
        #expect(missing.reason.contains("No such file"))
        #expect(folder.reason.contains("directory"))
    }

    @Test("every render setting that changes the output changes the fingerprint")
    func renderFingerprint() {
        let base = RenderPipeline.Settings()
        var variants: [RenderPipeline.Settings] = []
        var s = base; s.retarget.expressionScale = 1.2; variants.append(s)
        s = base; s.retarget.poseScale = 0; variants.append(s)
        s = base; s.retarget.regions.remove(.gaze); variants.append(s)
        s = base; s.reference = 4; variants.append(s)
        s = base; s.crop = .face; variants.append(s)
        s = base; s.smoothing = nil; variants.append(s)
        s = base; s.encoder.crf = 23; variants.append(s)
        s = base; s.encoder.preset = "fast"; variants.append(s)
        s = base; s.mouth = .driver; variants.append(s)
        let prints = variants.map(RenderFingerprint.of)
        #expect(Set(prints).count == variants.count)
        #expect(!prints.contains(RenderFingerprint.of(base)))
        // Where the models are found does not change the pixels.
        s = base; s.modelsDirectory = "/elsewhere"
        #expect(RenderFingerprint.of(s) == RenderFingerprint.of(base))
    }
}
