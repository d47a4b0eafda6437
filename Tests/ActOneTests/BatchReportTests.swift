import Foundation
import Testing

@testable import ActOne

@Suite("Batch reports")
struct BatchReportTests {
    static func row(_ output: String, shard: String, status: String = "rendered", error: String? = nil) -> BatchReport.Row {
        BatchReport.Row(
            clip: "clips/a.mp4", character: "x.png", output: output, status: status, seconds: 1.25,
            frames: status == "failed" ? nil : 12, error: error, shard: shard)
    }

    @Test("CSV and JSON read back what was written, awkward error texts included", arguments: ["json", "csv"])
    func roundTrip(format: String) throws {
        let root = try TemporaryDirectory()
        let report = BatchReport(rows: [
            Self.row("out/a_x.mp4", shard: "1/1"),
            Self.row("out/b, \"quoted\"_x.mp4", shard: "1/1", status: "failed", error: "b.mp4: bad data, \"moov\" missing\nsecond line"),
        ])
        let path = root.path + "/report." + format
        try report.write(to: path)
        #expect(try BatchReport.read(path: path) == report)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["report." + format])
    }

    @Test func csvHasTheDocumentedColumns() throws {
        let text = try BatchReport(rows: [Self.row("out/a_x.mp4", shard: "2/3")]).text(.csv)
        #expect(text == "clip,character,output,status,seconds,frames,error,shard\nclips/a.mp4,x.png,out/a_x.mp4,rendered,1.250,12,,2/3\n")
    }

    @Test("a sharded run writes its report under a name of its own")
    func shardReportNames() {
        #expect(BatchReport.path("out/report.csv", shard: .whole) == "out/report.csv")
        #expect(BatchReport.path("out/report.csv", shard: ShardSelection(index: 1, count: 8)) == "out/report.shard-2-of-8.csv")
        #expect(BatchReport.path("r.v2.json", shard: ShardSelection(index: 0, count: 2)) == "r.v2.shard-1-of-2.json")
    }

    @Test("merging: shard order, an output reported twice taken from the later report, missing shards named")
    func merge() {
        let second = BatchReport(rows: [Self.row("out/c.mp4", shard: "2/3"), Self.row("out/d.mp4", shard: "2/3", status: "failed")])
        let first = BatchReport(rows: [Self.row("out/a.mp4", shard: "1/3"), Self.row("out/b.mp4", shard: "1/3")])
        let rerun = BatchReport(rows: [Self.row("out/d.mp4", shard: "2/3")])
        let merged = BatchReport.merged([second, first, rerun])
        #expect(merged.rows.map(\.output) == ["out/a.mp4", "out/b.mp4", "out/c.mp4", "out/d.mp4"])
        #expect(merged.rows.last?.status == "rendered")
        #expect(merged.missingShards == ["3/3"])
        #expect(BatchReport.merged([first, second, BatchReport(rows: [Self.row("out/e.mp4", shard: "3/3")])]).missingShards.isEmpty)
    }

    @Test("a shard with no items has a report with no rows, and its name still counts it")
    func emptyShardReport() throws {
        let root = try TemporaryDirectory()
        let empty = root.path + "/report.shard-3-of-3.csv"
        try BatchReport(rows: []).write(to: empty)
        let rows = BatchReport(rows: [Self.row("out/a.mp4", shard: "1/3"), Self.row("out/b.mp4", shard: "2/3")])
        #expect(BatchReport.merged([rows, try BatchReport.read(path: empty)]).missingShards.isEmpty)
        #expect(BatchReport.merged([rows]).missingShards == ["3/3"])
        #expect(BatchReport.shard(inName: "out/r.shard-12-of-40.json") == ShardSelection(index: 11, count: 40))
        #expect(BatchReport.shard(inName: "out/r.shard-41-of-40.json") == nil)
    }

    @Test func notAReport() throws {
        let root = try TemporaryDirectory()
        let csv = try root.write(Array("a,b\n1,2\n".utf8), to: "other.csv")
        let json = try root.write(Array("{\"items\": []}".utf8), to: "other.json")
        #expect(throws: BatchError.self) { try BatchReport.read(path: csv) }
        #expect(throws: BatchError.self) { try BatchReport.read(path: json) }
        #expect(throws: BatchError.self) { try BatchReport.read(path: root.path + "/missing.csv") }
    }
}
