import Testing

@testable import ActOne

/// The order in which jobs get their tasks, driven by hand from one thread.
@Suite("Batch scheduler")
struct BatchSchedulerTests {
    static func steps(_ clips: [String], characters: Int) throws -> [BatchPlan.Step] {
        let list = try BatchWorkList(
            clips: clips.map { ClipListing.Clip(path: "clips/" + $0, relativePath: $0) },
            characters: (0..<characters).map { "c\($0).png" })
        return list.items.map { BatchPlan.Step(item: $0, action: .render(overwrite: false), clipSHA256: $0.clip.path, characterSHA256: "") }
    }

    func describe(_ next: BatchScheduler.Next?) -> String {
        switch next {
        case .track(let clip, _): "track \(clip.relativePath)"
        case .render(let step, _): "render \(step.item.output)"
        case nil: "done"
        }
    }

    static func ready(_ clip: String) -> ClipTrackState { .ready(ReadyClip(trackPath: clip + ".json", source: .tracked, audio: nil)) }

    @Test("each clip is tracked once; renders wait for their track; free jobs track the next clip meanwhile")
    func tracksOnceAndOverlaps() throws {
        let steps = try Self.steps(["a.mp4", "b.mp4"], characters: 2)
        let scheduler = BatchScheduler(steps: steps)
        #expect(describe(scheduler.next()) == "track a.mp4")
        #expect(describe(scheduler.next()) == "track b.mp4")
        scheduler.settle(steps[2].item.clip, Self.ready("b"))
        #expect(describe(scheduler.next()) == "render b_c0.mp4")
        scheduler.settle(steps[0].item.clip, .failed("a.mp4: not a readable media file"))
        // A failed track settles its items too: they come out (and fail) rather than wait forever.
        guard case .render(let step, .failed(let reason))? = scheduler.next() else { Issue.record("expected a failed clip"); return }
        #expect(step.item.output == "a_c0.mp4" && reason.contains("a.mp4"))
        #expect(describe(scheduler.next()) == "render a_c1.mp4")
        #expect(describe(scheduler.next()) == "render b_c1.mp4")
        #expect(describe(scheduler.next()) == "done")
    }

    @Test("a pose-track clip needs no tracking")
    func poseTracksAreReady() throws {
        let scheduler = BatchScheduler(steps: try Self.steps(["perf.track.json"], characters: 1))
        guard case .render(_, .ready(let clip))? = scheduler.next() else { Issue.record("expected a render"); return }
        #expect(clip.source == .given && clip.trackPath == "clips/perf.track.json")
        #expect(describe(scheduler.next()) == "done")
    }
}
