import Foundation

/// Hands a batch's jobs their next task. Each clip is tracked once, by the first job that needs
/// it; its renders wait until the track is ready, and meanwhile jobs take renders of clips that
/// are ready, or track the next clip. So with N jobs, N clips are tracked at once at the start
/// and no job sits idle while a render it could do is waiting.
final class BatchScheduler: @unchecked Sendable {
    enum Next {
        case track(ClipListing.Clip, clipSHA256: String)
        case render(BatchPlan.Step, ClipTrackState)
    }

    private let condition = NSCondition()
    private var pending: [BatchPlan.Step]
    private var clips: [String: ClipTrackState] = [:]

    init(steps: [BatchPlan.Step]) {
        pending = steps
        for step in steps where clips[step.item.clip.path] == nil {
            clips[step.item.clip.path] =
                RenderPipeline.isTrackFile(step.item.clip.path)
                ? .ready(ReadyClip(trackPath: step.item.clip.path, source: .given, audio: nil)) : .waiting
        }
    }

    /// The next task, waiting while every remaining render waits for a track being made; nil
    /// when nothing is left.
    func next() -> Next? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let position = pending.firstIndex(where: { isSettled(clips[$0.item.clip.path]) }) {
                let step = pending.remove(at: position)
                return .render(step, clips[step.item.clip.path]!)
            }
            if let step = pending.first(where: { if case .waiting = clips[$0.item.clip.path] { true } else { false } }) {
                clips[step.item.clip.path] = .tracking
                return .track(step.item.clip, clipSHA256: step.clipSHA256)
            }
            if pending.isEmpty { return nil }
            condition.wait()
        }
    }

    /// A clip's track is ready, or could not be made.
    func settle(_ clip: ClipListing.Clip, _ state: ClipTrackState) {
        condition.lock()
        clips[clip.path] = state
        condition.broadcast()
        condition.unlock()
    }

    private func isSettled(_ state: ClipTrackState?) -> Bool {
        switch state {
        case .ready, .failed: true
        case .waiting, .tracking, nil: false
        }
    }
}
