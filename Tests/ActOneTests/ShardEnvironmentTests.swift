import Testing

@testable import ActOne

/// Shard detection from each scheduler's environment variables, as the schedulers set them.
@Suite("Batch shards from the environment")
struct ShardEnvironmentTests {
    func detect(_ environment: [String: String], shards: Int? = nil) throws -> ShardSelection? {
        try ShardEnvironment.detect(environment, shards: shards)?.shard
    }

    @Test func noSchedulerMeansNoShard() throws {
        #expect(try detect([:]) == nil)
        #expect(try detect(["PATH": "/usr/bin", "SLURM_JOB_ID": "77"]) == nil)
    }

    @Test("Slurm --array=0-3: 0-based ids and SLURM_ARRAY_TASK_COUNT")
    func slurmZeroBased() throws {
        for id in 0..<4 {
            let environment = [
                "SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_COUNT": "4",
                "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3",
            ]
            #expect(try detect(environment) == ShardSelection(index: id, count: 4))
        }
    }

    @Test("Slurm --array=1-8: ids made 0-based with _MIN, the count from _MAX when _COUNT is absent")
    func slurmOneBased() throws {
        #expect(
            try detect(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "8"])
                == ShardSelection(index: 0, count: 8))
        #expect(
            try detect(["SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "8"])
                == ShardSelection(index: 7, count: 8))
    }

    @Test("Slurm --array=10-16:2: a stepped range numbers the shards 0..3")
    func slurmStepped() throws {
        let base = ["SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_MAX": "16", "SLURM_ARRAY_TASK_STEP": "2"]
        #expect(try detect(base.merging(["SLURM_ARRAY_TASK_ID": "14"]) { $1 }) == ShardSelection(index: 2, count: 4))
        #expect(throws: BatchError.self) { try detect(base.merging(["SLURM_ARRAY_TASK_ID": "13"]) { $1 }) }
    }

    @Test("Slurm --array=1,5,9: a list does not number shards densely, and is refused")
    func slurmListRefused() {
        #expect(throws: BatchError.self) {
            try detect([
                "SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "9",
                "SLURM_ARRAY_TASK_COUNT": "3",
            ])
        }
    }

    @Test("Slurm without a count takes --shards or ACTONE_SHARD_COUNT, and fails without either")
    func slurmWithoutCount() throws {
        #expect(try detect(["SLURM_ARRAY_TASK_ID": "2"], shards: 5) == ShardSelection(index: 2, count: 5))
        #expect(try detect(["SLURM_ARRAY_TASK_ID": "2", "ACTONE_SHARD_COUNT": "3"]) == ShardSelection(index: 2, count: 3))
        #expect(throws: BatchError.self) { try detect(["SLURM_ARRAY_TASK_ID": "2"]) }
    }

    @Test("Kubernetes Indexed Job: JOB_COMPLETION_INDEX with the count from --shards or ACTONE_SHARD_COUNT")
    func kubernetes() throws {
        #expect(try detect(["JOB_COMPLETION_INDEX": "0", "ACTONE_SHARD_COUNT": "3"]) == ShardSelection(index: 0, count: 3))
        #expect(try detect(["JOB_COMPLETION_INDEX": "2"], shards: 3) == ShardSelection(index: 2, count: 3))
        // --shards wins over the variable: it is what the command line says.
        #expect(try detect(["JOB_COMPLETION_INDEX": "3", "ACTONE_SHARD_COUNT": "2"], shards: 4) == ShardSelection(index: 3, count: 4))
        let missing = #expect(throws: BatchError.self) { try detect(["JOB_COMPLETION_INDEX": "1"]) }
        #expect(missing?.description.contains("ACTONE_SHARD_COUNT") == true)
        #expect(throws: BatchError.self) { try detect(["JOB_COMPLETION_INDEX": "3", "ACTONE_SHARD_COUNT": "3"]) }
        #expect(throws: BatchError.self) { try detect(["JOB_COMPLETION_INDEX": "one", "ACTONE_SHARD_COUNT": "3"]) }
        #expect(throws: BatchError.self) { try detect(["JOB_COMPLETION_INDEX": "0", "ACTONE_SHARD_COUNT": "0"]) }
    }

    @Test("AWS Batch array job: AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ARRAY_SIZE")
    func awsBatch() throws {
        #expect(try detect(["AWS_BATCH_JOB_ARRAY_INDEX": "9", "AWS_BATCH_JOB_ARRAY_SIZE": "10"]) == ShardSelection(index: 9, count: 10))
        #expect(try detect(["AWS_BATCH_JOB_ARRAY_INDEX": "1", "ACTONE_SHARD_COUNT": "2"]) == ShardSelection(index: 1, count: 2))
        #expect(throws: BatchError.self) { try detect(["AWS_BATCH_JOB_ARRAY_INDEX": "10", "AWS_BATCH_JOB_ARRAY_SIZE": "10"]) }
        // A --shards that disagrees with the scheduler's own count would break "each item once".
        #expect(throws: BatchError.self) { try detect(["AWS_BATCH_JOB_ARRAY_INDEX": "1", "AWS_BATCH_JOB_ARRAY_SIZE": "4"], shards: 2) }
    }

    @Test("Slurm is read first, then Kubernetes, then AWS Batch")
    func precedence() throws {
        let all = [
            "SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2",
            "JOB_COMPLETION_INDEX": "2", "ACTONE_SHARD_COUNT": "3",
            "AWS_BATCH_JOB_ARRAY_INDEX": "3", "AWS_BATCH_JOB_ARRAY_SIZE": "4",
        ]
        #expect(try detect(all) == ShardSelection(index: 1, count: 2))
        #expect(try detect(all.filter { !$0.key.hasPrefix("SLURM") }) == ShardSelection(index: 2, count: 3))
        #expect(
            try detect(all.filter { !$0.key.hasPrefix("SLURM") && $0.key != "JOB_COMPLETION_INDEX" })
                == ShardSelection(index: 3, count: 4))
    }
}

@Suite("Batch shard slices")
struct ShardSelectionTests {
    @Test func parsesOneBasedSlices() throws {
        #expect(try ShardSelection.parse("1/1") == .whole)
        #expect(try ShardSelection.parse("3/8") == ShardSelection(index: 2, count: 8))
        for bad in ["0/2", "3/2", "2", "1/0", "a/b", "1/2/3", "-1/2", ""] {
            #expect(throws: BatchError.self, "\(bad)") { try ShardSelection.parse(bad) }
        }
    }

    @Test("the shards of a list cover it exactly once, in order, sizes within one of each other")
    func slicesPartitionTheList() {
        for total in [0, 1, 5, 6, 7, 100] {
            for count in 1...9 {
                let ranges = (0..<count).map { ShardSelection(index: $0, count: count).range(ofTotal: total) }
                #expect(ranges.flatMap { Array($0) } == Array(0..<total), "\(total) items in \(count) shards")
                let sizes = ranges.map(\.count)
                #expect(sizes.max()! - sizes.min()! <= 1)
            }
        }
    }
}
