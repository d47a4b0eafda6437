import ActOne
import Foundation

/// What `actone batch` shows while it works, on stderr. On a terminal: one line redrawn in place,
/// the whole batch's bar then what each job is doing (`batch [####------] 5/12 | render d0_s9 45%
/// | track d3.mp4 12%`), with a line printed above it as each item finishes. Otherwise (a log, a
/// pipe, a scheduler's output file): only the line per item. `--quiet`: nothing.
final class BatchProgressDisplay: BatchObserver, @unchecked Sendable {
    enum Mode { case terminal, log, quiet }

    private struct JobActivity {
        var label: String
        var completed = 0
        var total: Int?
    }

    private let mode: Mode
    private let total: Int
    private let outputFolder: String
    private let lock = NSLock()
    private var jobs: [Int: JobActivity] = [:]
    private var finished = 0
    private var lastDraw = Date.distantPast

    init(mode: Mode, total: Int, outputFolder: String) {
        self.mode = mode
        self.total = total
        self.outputFolder = outputFolder
    }

    func job(_ job: Int, began task: BatchTask) -> ProgressReporter {
        let label =
            switch task {
            case .track(let clip): "track \(clip.relativePath)"
            case .render(let item): "render \(RenderOutputName.stem(of: item.output))"
            }
        lock.withLock { jobs[job] = JobActivity(label: label) }
        return JobProgress(display: self, job: job)
    }

    func jobEnded(_ job: Int) {
        lock.withLock { _ = jobs.removeValue(forKey: job) }
    }

    func itemFinished(_ result: BatchItemResult) {
        lock.withLock {
            finished += 1
            guard mode != .quiet else { return }
            let output = outputFolder + "/" + result.item.output
            var line = "actone: [\(finished)/\(total)] \(result.status.rawValue) \(output)"
            switch result.status {
            case .rendered: line += String(format: " (%d frames, %.1f s)", result.frames ?? 0, result.seconds)
            case .skipped: line += " (\(result.note ?? "finished earlier from the same inputs and settings"))"
            case .failed: line += ": " + (result.error ?? "unknown error")
            }
            write((mode == .terminal ? "\r\u{1B}[K" : "") + line + "\n")
            if mode == .terminal { draw() }
        }
    }

    /// Clears the bar before the summary is printed.
    func finish() {
        if mode == .terminal { lock.withLock { write("\r\u{1B}[K") } }
    }

    fileprivate func update(job: Int, completed: Int, total: Int?? = nil) {
        lock.withLock {
            guard var activity = jobs[job] else { return }
            if let total { activity.total = total }
            activity.completed = completed
            jobs[job] = activity
            let now = Date()
            guard mode == .terminal, now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            draw()
        }
    }

    /// Called with the lock held.
    private func draw() {
        let fraction = total > 0 ? Double(finished) / Double(total) : 1
        let filled = Int(fraction * 20)
        var line = "batch [" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "] \(finished)/\(total)"
        for job in jobs.keys.sorted() {
            let activity = jobs[job]!
            line += " | \(activity.label)"
            if let total = activity.total, total > 0 { line += " \(min(100, activity.completed * 100 / total))%" }
        }
        write("\r" + String(line.prefix(Self.terminalWidth() - 1)) + "\u{1B}[K")
    }

    private func write(_ text: String) { StandardError.write(text) }

    /// Columns of the terminal on stderr: a longer line would wrap, and `\r` would then redraw
    /// only its last part.
    private static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

/// One job's task as a `ProgressReporter`: what the pipelines report goes to the batch's line.
private final class JobProgress: ProgressReporter {
    let display: BatchProgressDisplay
    let job: Int

    init(display: BatchProgressDisplay, job: Int) {
        self.display = display
        self.job = job
    }

    func begin(_ stage: String, total: Int?) { display.update(job: job, completed: 0, total: .some(total)) }
    func advance(to completed: Int) { display.update(job: job, completed: completed) }
    func end() {}
}
