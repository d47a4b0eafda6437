import Foundation
import Testing

@testable import ActOne

/// Shard numbers from the command line, the environment and reports: out-of-range values are
/// one error, never an overflow, and nothing is allocated per claimed shard.
@Suite("Batch shard bounds")
struct ShardBoundsTests {
    @Test func parseRefusesOutOfRangeCounts() throws {
        for text in [
            "4611686018427387904/4611686018427387904", "9223372036854775807/9223372036854775807",
            "99999999999999999999/99999999999999999999", "1/10001", "1/10000000", "0/4", "5/4", "-1/4", "+1/4", " 1/4", "1/",
        ] {
            #expect(throws: BatchError.self, "\(text)") { try ShardSelection.parse(text) }
        }
        #expect(try ShardSelection.parse("10000/10000") == ShardSelection(index: 9999, count: 10000))
    }

    @Test("slices of any list length cover it exactly once, without overflow")
    func slicesOfHugeLists() throws {
        for total in [0, 1, 7, 10_001, Int.max / 3, Int.max] {
            let count = ShardSelection.maximumCount
            let last = ShardSelection(index: count - 1, count: count).range(ofTotal: total)
            #expect(last.upperBound == total)
            let first = ShardSelection(index: 0, count: count).range(ofTotal: total)
            #expect(first.lowerBound == 0)
            let second = ShardSelection(index: 1, count: count).range(ofTotal: total)
            #expect(second.lowerBound == first.upperBound)
        }
    }

    @Test("environment values past the bounds are one error each")
    func environmentBounds() throws {
        let max = String(Int.max)
        for environment in [
            ["SLURM_ARRAY_TASK_ID": max, "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": max],
            ["SLURM_ARRAY_TASK_ID": max, "SLURM_ARRAY_TASK_COUNT": max],
            ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "10001"],
            ["SLURM_ARRAY_TASK_ID": "99999999999999999999", "SLURM_ARRAY_TASK_COUNT": "4"],
            ["JOB_COMPLETION_INDEX": "0", "ACTONE_SHARD_COUNT": max],
            ["AWS_BATCH_JOB_ARRAY_INDEX": "0", "AWS_BATCH_JOB_ARRAY_SIZE": "4611686018427387904"],
        ] {
            #expect(throws: BatchError.self, "\(environment)") { try ShardEnvironment.detect(environment) }
        }
        #expect(throws: BatchError.self) { try ShardEnvironment.detect(["JOB_COMPLETION_INDEX": "0"], shards: Int.max) }
        #expect(
            try ShardEnvironment.detect(["SLURM_ARRAY_TASK_ID": "9999", "SLURM_ARRAY_TASK_MAX": "9999"])?.shard
                == ShardSelection(index: 9999, count: 10000))
    }

    @Test("a report's shard cell is checked before any use")
    func reportShardCells() throws {
        let folder = try TemporaryDirectory()
        for claim in ["1/10000000", "9223372036854775807/9223372036854775807", "3/2", "x"] {
            let row = "a.mp4,x.png,out/a_x.mp4,rendered,1.000,12,,\(claim)"
            let path = try folder.write(Array("\(BatchReport.columns.joined(separator: ","))\n\(row)\n".utf8), to: "r.csv")
            #expect(throws: BatchError.self, "\(claim)") { try BatchReport.read(path: path) }
        }
        #expect(BatchReport.shard(inName: "r.shard-1-of-10000000.json") == nil)
        #expect(BatchReport.shard(inName: "r.shard-1-of-99999999999999999999999.json") == nil)
    }
}
