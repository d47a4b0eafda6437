import Foundation

/// The table `actone batch` prints when it is done: items, frames and render time per status,
/// how many clips were tracked and how many tracks came from the cache, then every failure with its reason.
public struct BatchSummary {
    public var results: [BatchItemResult]
    public var outputFolder: String
    /// Wall time of the whole run.
    public var seconds: Double

    public init(results: [BatchItemResult], outputFolder: String, seconds: Double) {
        self.results = results
        self.outputFolder = outputFolder
        self.seconds = seconds
    }

    public var failed: [BatchItemResult] { results.filter { $0.status == .failed } }

    public func text() -> String {
        var table = TextTable(header: ["status", "items", "frames", "render s"])
        for status in BatchItemResult.Status.allCases {
            let rows = results.filter { $0.status == status }
            table.add([
                status.rawValue, String(rows.count), String(rows.compactMap(\.frames).reduce(0, +)),
                String(format: "%.1f", rows.map(\.seconds).reduce(0, +)),
            ])
        }
        var lines = [table.render()]
        let rendered = results.filter { $0.status == .rendered }
        func clips(_ source: BatchItemResult.TrackSource) -> Int { Set(rendered.filter { $0.track == source }.map(\.item.clip)).count }
        var wall = String(format: "%d items in %.1f s", results.count, seconds)
        if rendered.count > 0 {
            let frames = rendered.compactMap(\.frames).reduce(0, +)
            wall += String(
                format: " (%.1f frames/s); clips tracked %d, tracks from the cache %d",
                Double(frames) / max(seconds, 1e-6), clips(.tracked), clips(.cached))
        }
        lines.append(wall)
        if !failed.isEmpty {
            var failures = TextTable(header: ["failed", "reason"])
            for result in failed { failures.add([outputFolder + "/" + result.item.output, result.error ?? ""]) }
            lines.append("")
            lines.append(failures.render())
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
