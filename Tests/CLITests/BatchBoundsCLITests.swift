import Foundation
import Testing

/// Shard numbers out of range, from the command line, the environment or a report given to
/// `--merge-reports`: one stderr line and a usage (64) or failure (1) status, no crash, no hang,
/// and no memory taken per claimed shard.
@Suite struct BatchBoundsCLITests {
    static func folderWithInputs() throws -> ScratchFolder {
        let folder = ScratchFolder()
        try FileManager.default.createDirectory(atPath: folder.file("clips"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("clips/a.mp4")))
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("x.png")))
        return folder
    }

    @Test func shardOptionsOutOfRangeAreOneUsageLine() throws {
        let folder = try Self.folderWithInputs()
        for options in [
            ["--shard", "4611686018427387904/4611686018427387904"], ["--shard", "9223372036854775807/9223372036854775807"],
            ["--shard", "1/99999999999999999999"], ["--shard", "1/10001"], ["--shard", "3/2"],
            ["--shards", "4611686018427387904"], ["--shard", "1/2", "--shards", "3"],
        ] {
            let result = try runActone(["batch", "clips", "x.png", "-o", "out", "--dry-run"] + options, in: folder.path, timeout: 30)
            #expect(
                result.status == 64 && result.errorLines.count == 1 && result.stderr.hasPrefix("actone: "),
                "\(options): \(result.status) \(result.stderr)")
        }
        #expect(folder.contents == ["clips", "x.png"])
    }

    @Test func schedulerValuesOutOfRangeAreOneErrorLine() throws {
        let folder = try Self.folderWithInputs()
        let max = String(Int.max)
        for variables in [
            ["SLURM_ARRAY_TASK_ID": max, "SLURM_ARRAY_TASK_MAX": max],
            ["SLURM_ARRAY_TASK_ID": "4611686018427387904", "SLURM_ARRAY_TASK_COUNT": "4611686018427387904"],
            ["JOB_COMPLETION_INDEX": "0", "ACTONE_SHARD_COUNT": "10000000"],
            ["AWS_BATCH_JOB_ARRAY_INDEX": "4611686018427387904", "AWS_BATCH_JOB_ARRAY_SIZE": "4611686018427387904"],
        ] {
            let environment = ProcessInfo.processInfo.environment.merging(variables) { $1 }
            let result = try runActone(
                ["batch", "clips", "x.png", "-o", "out", "--dry-run"], in: folder.path,
                environment: environment, timeout: 30)
            #expect(result.status == 1 && result.errorLines.count == 1, "\(variables): \(result.status) \(result.stderr)")
        }
    }

    @Test func mergedReportsClaimingHugeShardCountsAreOneErrorLine() throws {
        let folder = ScratchFolder()
        let header = "clip,character,output,status,seconds,frames,error,shard"
        for (n, claim) in [
            "1/10000000", "9223372036854775807/9223372036854775807", "4611686018427387904/4611686018427387904",
            "2/1", "0/0",
        ].enumerated() {
            let csv = folder.file("r\(n).csv"), json = folder.file("r\(n).json")
            try Data("\(header)\na.mp4,x.png,out/a_x.mp4,rendered,1.000,12,,\(claim)\n".utf8).write(to: URL(fileURLWithPath: csv))
            let item =
                #"{"clip":"a.mp4","character":"x.png","output":"out/a_x.mp4","status":"rendered","seconds":1,"frames":12,"shard":"\#(claim)"}"#
            try Data(#"{"format":"actone.batch-report","version":1,"items":[\#(item)]}"#.utf8).write(to: URL(fileURLWithPath: json))
            for report in [csv, json] {
                let result = try runActone(["batch", "--merge-reports", report, "--report", "all.csv"], in: folder.path, timeout: 30)
                #expect(
                    result.status == 1 && result.errorLines.count == 1 && result.stderr.contains(claim),
                    "\(report): \(result.status) \(result.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("all.csv")))
    }
}
