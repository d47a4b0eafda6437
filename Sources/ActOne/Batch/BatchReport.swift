import Foundation
import OutputFiles

/// `--report FILE.json|.csv`: one row per item of a batch (or of one shard of it), and
/// `--merge-reports`, which joins the shards' reports into one.
public struct BatchReport: Sendable, Equatable {
    static let formatName = "actone.batch-report"
    /// The CSV's columns, in order; the JSON's items have the same keys.
    public static let columns = ["clip", "character", "output", "status", "seconds", "frames", "error", "shard"]

    public struct Row: Codable, Sendable, Equatable {
        public var clip: String
        public var character: String
        /// The output's path as the batch was told it (`-o OUT` joined with its name).
        public var output: String
        /// `rendered`, `skipped` or `failed`.
        public var status: String
        /// Wall time of the render, to the millisecond.
        public var seconds: Double
        public var frames: Int?
        public var error: String?
        /// `2/8`; `1/1` for an unsharded batch.
        public var shard: String

        public init(
            clip: String, character: String, output: String, status: String, seconds: Double, frames: Int?,
            error: String?, shard: String
        ) {
            (self.clip, self.character, self.output, self.status) = (clip, character, output, status)
            (self.seconds, self.frames, self.error, self.shard) = (seconds, frames, error, shard)
        }
    }

    struct File: Codable {
        var format: String
        var version: Int
        var items: [Row]
    }

    public var rows: [Row]
    /// Shards known to be in this report besides those its rows name: a shard with no items
    /// writes no rows, but its report's name (`report.shard-5-of-8.csv`) still says which it is.
    public var emptyShards: Set<String> = []

    public init(rows: [Row], emptyShards: Set<String> = []) {
        self.rows = rows
        self.emptyShards = emptyShards
    }

    public init(results: [BatchItemResult], outputFolder: String, shard: ShardSelection) {
        rows = results.map { result in
            Row(
                clip: result.item.clip.path, character: result.item.character,
                output: outputFolder + "/" + result.item.output, status: result.status.rawValue,
                seconds: (result.seconds * 1000).rounded() / 1000, frames: result.frames, error: result.error,
                shard: shard.description)
        }
    }

    public enum Format: String, Sendable {
        case json, csv

        /// From the file name's extension; nil for any other.
        public init?(path: String) { self.init(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased()) }
    }

    /// Where a shard writes its report: `--report` with the shard in the name (`report.csv` ->
    /// `report.shard-2-of-8.csv`), so shards given the same `--report` write one file each.
    public static func path(_ requested: String, shard: ShardSelection) -> String {
        guard !shard.isWhole else { return requested }
        let url = URL(fileURLWithPath: requested)
        let ext = url.pathExtension
        let base = String(requested.dropLast(ext.isEmpty ? 0 : ext.count + 1))
        return base + "." + shard.fileTag + (ext.isEmpty ? "" : "." + ext)
    }

    public func text(_ format: Format) throws -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(File(format: Self.formatName, version: 1, items: rows)), as: UTF8.self) + "\n"
        case .csv:
            var lines = [CSVText.line(Self.columns)]
            for row in rows {
                lines.append(
                    CSVText.line([
                        row.clip, row.character, row.output, row.status, String(format: "%.3f", row.seconds),
                        row.frames.map(String.init) ?? "", row.error ?? "", row.shard,
                    ]))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Writes the report whole, under a temporary name first.
    public func write(to path: String) throws {
        guard let format = Format(path: path) else {
            throw BatchError.badReport(path: path, reason: "a report is a .json or .csv file")
        }
        try OutputFileWriter.write(Array(try text(format).utf8), to: path, overwrite: true)
    }

    public static func read(path: String) throws -> BatchReport {
        var report = try readRows(path: path)
        // Each row's shard is checked here, once: `missingShards` lists the shards of the count
        // the rows claim, so a claim is bounded (`ShardSelection.maximumCount`) before it is used.
        for (number, row) in report.rows.enumerated() {
            do {
                _ = try ShardSelection.parse(row.shard, "the shard")
            } catch {
                throw BatchError.badReport(path: path, reason: "item \(number + 1): \(error)")
            }
        }
        if report.rows.isEmpty, let shard = shard(inName: path) { report.emptyShards = [shard.description] }
        return report
    }

    /// The shard a report's name gives (`BatchReport.path`), if any.
    static func shard(inName path: String) -> ShardSelection? {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let range = name.range(of: #"\.shard-[0-9]+-of-[0-9]+\."#, options: .regularExpression) else { return nil }
        let numbers = name[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return try? ShardSelection.parse("\(numbers[0])/\(numbers[1])")
    }

    static func readRows(path: String) throws -> BatchReport {
        guard let format = Format(path: path) else {
            throw BatchError.badReport(path: path, reason: "a report is a .json or .csv file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BatchError.badReport(path: path, reason: "cannot read it: \(ClipListing.reason(error))")
        }
        switch format {
        case .json:
            guard let file = try? JSONDecoder().decode(File.self, from: data), file.format == formatName else {
                throw BatchError.badReport(path: path, reason: "not an actone batch report")
            }
            return BatchReport(rows: file.items)
        case .csv:
            let table: [[String]]
            do { table = try CSVText.rows(String(decoding: data, as: UTF8.self)) } catch {
                throw BatchError.badReport(path: path, reason: "\(error)")
            }
            guard table.first == columns else {
                throw BatchError.badReport(path: path, reason: "not an actone batch report (columns: \(columns.joined(separator: ",")))")
            }
            return BatchReport(
                rows: try table.dropFirst().enumerated().map { number, f in
                    guard f.count == columns.count, let seconds = Double(f[4]), f[5].isEmpty || Int(f[5]) != nil else {
                        throw BatchError.badReport(path: path, reason: "row \(number + 2) is not a report row")
                    }
                    return Row(
                        clip: f[0], character: f[1], output: f[2], status: f[3], seconds: seconds, frames: Int(f[5]),
                        error: f[6].isEmpty ? nil : f[6], shard: f[7])
                })
        }
    }

    /// The shards' reports as one: rows in shard order (which is the work list's order), an
    /// output reported more than once (a shard run again) taken from the report given last.
    public static func merged(_ reports: [BatchReport]) -> BatchReport {
        var latest: [String: Row] = [:]
        var order: [String] = []
        for row in reports.flatMap(\.rows) {
            if latest.updateValue(row, forKey: row.output) == nil { order.append(row.output) }
        }
        let rows = order.enumerated().map { ($0.offset, latest[$0.element]!) }
            .sorted { (a, b) in
                let (sa, sb) = (shardNumber(a.1.shard), shardNumber(b.1.shard))
                return sa != sb ? sa < sb : a.0 < b.0
            }
            .map(\.1)
        return BatchReport(rows: rows, emptyShards: reports.reduce(into: Set<String>()) { $0.formUnion($1.emptyShards) })
    }

    /// Shards of the batch with no report here (`3/8`), judged by the shard count the rows name;
    /// empty when they name different counts or none is missing.
    public var missingShards: [String] {
        let shards = Set(rows.map(\.shard)).union(emptyShards)
        let counts = Set(shards.compactMap { try? ShardSelection.parse($0).count })
        guard counts.count == 1, let count = counts.first else { return [] }
        return (1...count).map { "\($0)/\(count)" }.filter { !shards.contains($0) }
    }

    private static func shardNumber(_ text: String) -> Int { (try? ShardSelection.parse(text).index) ?? Int.max }
}
