import Foundation

/// Finds the shard a process is, when no `--shard` was given, from the environment variables the
/// schedulers that run array jobs set. actone runs inside them; it does not schedule anything.
///
/// - Slurm (`sbatch --array=0-7` or `1-8`, optionally with a `:step`): `SLURM_ARRAY_TASK_ID`,
///   with `SLURM_ARRAY_TASK_MIN` (and `_STEP`) to make it 0-based, and `SLURM_ARRAY_TASK_COUNT`
///   (or `_MAX`) for the count. Arrays given as lists (`--array=1,5,9`) are refused: their ids do
///   not number the shards densely.
/// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX`. Kubernetes does not tell a pod how many
///   completions there are, so the count comes from `--shards` or `ACTONE_SHARD_COUNT` (set it in
///   the pod template to the Job's `completions`).
/// - AWS Batch array jobs: `AWS_BATCH_JOB_ARRAY_INDEX` and `AWS_BATCH_JOB_ARRAY_SIZE`.
///
/// Slurm is looked at first, then Kubernetes, then AWS Batch. `--shards N`, when given, must
/// agree with a count the scheduler gives.
public enum ShardEnvironment {
    /// The shard count for schedulers that give only an index (Kubernetes Indexed Jobs).
    public static let countVariable = "ACTONE_SHARD_COUNT"

    public struct Detection: Sendable, Equatable {
        public var shard: ShardSelection
        /// Where it came from, for the log: `Slurm array task 3 (ids 1-8)`.
        public var source: String
    }

    /// nil when no scheduler's index variable is set (the process does the whole batch).
    public static func detect(_ environment: [String: String], shards: Int? = nil) throws -> Detection? {
        if let id = environment["SLURM_ARRAY_TASK_ID"] {
            return try slurm(id: id, environment, shards: shards)
        }
        if let index = environment["JOB_COMPLETION_INDEX"] {
            let i = try number(index, "JOB_COMPLETION_INDEX")
            let count = try givenCount(environment, shards: shards, scheduler: "JOB_COMPLETION_INDEX (Kubernetes Indexed Job)")
            return Detection(shard: try shard(i, count, "JOB_COMPLETION_INDEX"), source: "Kubernetes completion index \(i)")
        }
        if let index = environment["AWS_BATCH_JOB_ARRAY_INDEX"] {
            let i = try number(index, "AWS_BATCH_JOB_ARRAY_INDEX")
            let count: Int
            if let size = environment["AWS_BATCH_JOB_ARRAY_SIZE"] {
                count = try agreeing(try number(size, "AWS_BATCH_JOB_ARRAY_SIZE"), "AWS_BATCH_JOB_ARRAY_SIZE", shards)
            } else {
                count = try givenCount(environment, shards: shards, scheduler: "AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch)")
            }
            return Detection(shard: try shard(i, count, "AWS_BATCH_JOB_ARRAY_INDEX"), source: "AWS Batch array index \(i)")
        }
        return nil
    }

    static func slurm(id text: String, _ environment: [String: String], shards: Int?) throws -> Detection {
        let id = try number(text, "SLURM_ARRAY_TASK_ID")
        let minimum = try environment["SLURM_ARRAY_TASK_MIN"].map { try number($0, "SLURM_ARRAY_TASK_MIN") } ?? 0
        let step = try environment["SLURM_ARRAY_TASK_STEP"].map { try number($0, "SLURM_ARRAY_TASK_STEP") } ?? 1
        guard step >= 1 else { throw BatchError.badShard("SLURM_ARRAY_TASK_STEP is \(step); expected 1 or more") }
        guard id >= minimum, (id - minimum) % step == 0 else {
            throw BatchError.badShard("SLURM_ARRAY_TASK_ID \(id) is not in the array's range from \(minimum) in steps of \(step)")
        }
        var count: Int?
        if let text = environment["SLURM_ARRAY_TASK_COUNT"] {
            count = try number(text, "SLURM_ARRAY_TASK_COUNT")
        } else if let text = environment["SLURM_ARRAY_TASK_MAX"] {
            let maximum = try number(text, "SLURM_ARRAY_TASK_MAX")
            guard maximum >= minimum else {
                throw BatchError.badShard("SLURM_ARRAY_TASK_MAX \(maximum) is below SLURM_ARRAY_TASK_MIN \(minimum)")
            }
            // Bounded before the + 1, which would overflow for _MAX = Int.max.
            let span = (maximum - minimum) / step
            guard span < ShardSelection.maximumCount else {
                throw BatchError.badShard(
                    "the Slurm array from \(minimum) to \(maximum) in steps of \(step) has more than "
                        + "\(ShardSelection.maximumCount) tasks, the most a batch is split into")
            }
            count = span + 1
        }
        let total: Int
        if let count {
            total = try agreeing(count, "the Slurm array's size", shards)
        } else {
            total = try givenCount(environment, shards: shards, scheduler: "SLURM_ARRAY_TASK_ID (Slurm)")
        }
        // id >= minimum >= 0, so neither the difference nor the quotient overflows.
        let index = (id - minimum) / step
        guard index < total else {
            throw BatchError.badShard(
                "SLURM_ARRAY_TASK_ID \(id) is beyond an array of \(total) tasks from \(minimum); "
                    + "give the array as a range, e.g. --array=0-\(total - 1)")
        }
        return Detection(
            shard: try ShardSelection.checked(index: index, count: total, "SLURM_ARRAY_TASK_ID"),
            source: "Slurm array task \(id) (\(index + 1) of \(total))")
    }

    /// The count for a scheduler that gives none: `--shards`, else `ACTONE_SHARD_COUNT`.
    static func givenCount(_ environment: [String: String], shards: Int?, scheduler: String) throws -> Int {
        if let shards { return try bounded(shards, "--shards") }
        guard let text = environment[countVariable] else {
            throw BatchError.badShard("\(scheduler) is set but not the number of shards: give --shards N or set \(countVariable)")
        }
        return try bounded(try number(text, countVariable), countVariable)
    }

    static func agreeing(_ count: Int, _ name: String, _ shards: Int?) throws -> Int {
        if let shards, shards != count {
            throw BatchError.badShard("--shards \(shards) disagrees with \(name) (\(count))")
        }
        return try bounded(count, name)
    }

    /// A shard count from outside, checked to be 1 to `ShardSelection.maximumCount`.
    public static func bounded(_ count: Int, _ name: String) throws -> Int {
        guard (1...ShardSelection.maximumCount).contains(count) else {
            throw BatchError.badShard("\(name) is \(count); expected 1 to \(ShardSelection.maximumCount)")
        }
        return count
    }

    static func shard(_ index: Int, _ count: Int, _ name: String) throws -> ShardSelection {
        guard index < count else { throw BatchError.badShard("\(name) is \(index) but there are only \(count) shards (0 to \(count - 1))") }
        return try ShardSelection.checked(index: index, count: count, name)
    }

    static func number(_ text: String, _ name: String) throws -> Int {
        // Too long for Int reads as nil here: an error, never a trap.
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw BatchError.badShard("\(name) is '\(text)'; expected a whole number from 0 to \(Int.max)")
        }
        return value
    }
}
