import ActOne
import Foundation

/// A one-line progress bar on stderr, redrawn at most ten times a second:
/// `overlay [##########----------]  50%  125/250 frames  84 fps  eta 1s`
final class TerminalProgress: ProgressReporter {
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    private var stage = ""
    private var total: Int?
    private var started = Date()
    private var lastDraw = Date.distantPast
    private var completed = 0

    func begin(_ stage: String, total: Int?) {
        self.stage = stage
        self.total = total
        started = Date()
        lastDraw = .distantPast
        completed = 0
    }

    func advance(to completed: Int) {
        self.completed = completed
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        draw(now: now)
    }

    func end() {
        draw(now: Date())
        StandardError.write("\n")
    }

    private func draw(now: Date) {
        let elapsed = max(now.timeIntervalSince(started), 1e-3)
        let rate = Double(completed) / elapsed
        var line = "\(stage) "
        if let total, total > 0 {
            let fraction = min(Double(completed) / Double(total), 1)
            let filled = Int(fraction * 20)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "] "
            line += String(format: "%3d%%  %d/%d frames", Int(fraction * 100), completed, total)
            if rate > 0, completed < total { line += String(format: "  %.0f fps  eta %.0fs", rate, Double(total - completed) / rate) }
        } else {
            line += String(format: "%d frames  %.0f fps", completed, rate)
        }
        StandardError.write(("\r" + line + "\u{1B}[K"))
    }
}
