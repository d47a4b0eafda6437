import ActOne
import ArgumentParser
import Foundation

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Render every clip of a folder on every character, resumably, on one machine or many.",
        discussion: """
            Writes OUT/<clip>_<character>.mp4 for each pair (the name `actone render` would give \
            it; with --recursive, in the clip's subfolder). Each clip is tracked once, into \
            OUT/.actone-cache/, and its track used for all characters and by later runs. Finished \
            outputs are recorded in OUT/.actone-batch/ with their inputs' SHA-256 and the settings: \
            run the same command again and only what is missing, changed or failed is made. A clip \
            or character that cannot be used fails its items with the reason; the rest go on, and \
            the exit status is 1 if anything failed.

            Many machines: --shard i/n does the i-th of n equal slices of the work list. Without it, \
            the slice is read from Slurm array jobs (SLURM_ARRAY_TASK_ID with _COUNT or _MIN/_MAX), \
            Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX, with the count from --shards or \
            ACTONE_SHARD_COUNT) and AWS Batch array jobs (AWS_BATCH_JOB_ARRAY_INDEX, \
            AWS_BATCH_JOB_ARRAY_SIZE). Shards can share one output folder; each writes its own \
            manifest and report (report.shard-2-of-8.csv). Runs sharing a folder at once lose no \
            manifest entry (each is added under a lock), and an output whose run was killed before \
            recording it is adopted by the next run. See docs/batch.md.

            Examples:
              actone batch clips/ characters/ -o out/         # every clip, every character
              actone batch clips/ hero.png villain.png -o out/ --jobs 4 --report report.csv
              actone batch clips/ characters/ -o out/ --recursive --extensions mp4,mov
              actone batch clips/ characters/ -o out/ --shard 3/8   # slice 3 of 8
              actone batch clips/ characters/ -o out/ --dry-run     # what it would do
              actone batch --merge-reports report.shard-*.csv --report report.csv
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: "The folder of driving clips (videos, or pose tracks made by `actone track` with --extensions json).",
        completion: .directory)
    var clips: String?

    @Argument(
        help: "Character images or videos, or folders of them (PNG, JPEG, WebP, BMP, TIFF; MP4, MOV, M4V, MKV, WebM, AVI).",
        completion: .file())
    var characters: [String] = []

    @Option(
        name: .shortAndLong, help: ArgumentHelp("The folder to write the videos into (made if missing).", valueName: "folder"),
        completion: .directory)
    var output: String?

    @Flag(help: "Take clips from the clip folder's subfolders too; outputs go into the same subfolders.")
    var recursive = false

    @Option(help: ArgumentHelp("Clip file extensions (comma-separated).", valueName: "list"))
    var extensions: String = ClipListing.defaultExtensions.joined(separator: ",")

    @Option(help: ArgumentHelp("How many items to work on at once (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Do only slice i of n of the work list (1-based), e.g. 2/8.", valueName: "i/n"))
    var shard: String?

    @Option(help: ArgumentHelp("The number of shards, for schedulers that give only an index (Kubernetes).", valueName: "n"))
    var shards: Int?

    @Option(
        help: ArgumentHelp(
            "Write one row per item (status, seconds, frames, output, error) to a .json or .csv file.",
            valueName: "file"))
    var report: String?

    @Flag(help: "List what this run would do with each item, and do nothing.")
    var dryRun = false

    @OptionGroup var motion: MotionTransferOptions

    @Option(help: "Output framing: the whole character image (full) or a square around the face (face).")
    var crop: RenderPipeline.OutputCrop = .full

    @OptionGroup var encoding: EncodingOptions
    @OptionGroup(title: "Character videos, sound") var clip: CharacterClipOptions

    @Option(help: ArgumentHelp("Look for the face models in this folder first.", valueName: "dir"), completion: .directory)
    var models: String?

    @Flag(help: "Render every item again, replacing existing outputs.")
    var force = false

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Join the reports of a batch's shards into --report (or just summarise them).", valueName: "report"))
    var mergeReports: [String] = []

    func validate() throws {
        if let report, BatchReport.Format(path: report) == nil {
            throw ValidationError("--report writes a .json or .csv file.")
        }
        if !mergeReports.isEmpty {
            guard clips == nil else { throw ValidationError("--merge-reports takes report files only, not clips or characters.") }
            return
        }
        guard clips != nil, !characters.isEmpty else {
            throw ValidationError("give the clips folder and at least one character image or folder.")
        }
        guard output != nil else { throw ValidationError("give the output folder with -o FOLDER.") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more.") }
        guard !extensionList.isEmpty else { throw ValidationError("--extensions needs at least one extension, e.g. mp4,mov.") }
    }

    var extensionList: [String] {
        extensions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["."]) }
            .filter { !$0.isEmpty }
    }

    func run() throws {
        global.apply()
        try reportingFailure {
            if !mergeReports.isEmpty { return try merge() }
            guard let clips, let output else { return }
            try checkShardOptions()
            let outputFolder = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
            let (selection, source) = try resolveShard()

            let listing = try ClipListing(folder: clips, recursive: recursive, extensions: extensionList, excluding: outputFolder)
            for (folder, reason) in listing.unreadableFolders {
                warn("\(folder): cannot list the folder (\(reason)); its clips are left out")
            }
            let workList = try BatchWorkList(clips: listing.clips, characters: try CharacterListing.characters(from: characters))
            var settings = RenderPipeline.Settings()
            try motion.apply(to: &settings)
            settings.crop = crop
            settings.clip = clip.settings
            settings.encoder = encoding.settings
            settings.modelsDirectory = models
            // Every item needs the models: better one clear error now than the same one per item.
            if !dryRun { _ = try FaceModelFiles(modelsDirectory: models) }

            let jobCount = jobs ?? ProcessInfo.processInfo.activeProcessorCount
            let plan = BatchPlan(
                workList: workList, shard: selection, outputFolder: outputFolder,
                settings: RenderFingerprint.of(settings), force: force, concurrency: jobCount)
            for problem in plan.problems { warn(problem) }
            if dryRun { return printPlan(plan, outputFolder: outputFolder) }

            let toRender = plan.toRender.count
            warn(
                "batch \(selection.isWhole ? "" : "shard \(selection) (\(source)): ")\(plan.steps.count) of \(workList.items.count) items, "
                    + "\(toRender) to render, \(jobCount) jobs")
            let mode: BatchProgressDisplay.Mode = global.quiet ? .quiet : TerminalProgress.isTerminal ? .terminal : .log
            let display = BatchProgressDisplay(mode: mode, total: plan.steps.count, outputFolder: outputFolder)
            for path in StaleTemporaries.sweep(folder: outputFolder) { warn("removed \(path), left by a run that has ended") }
            let started = Date()
            let results = try BatchRunner(outputFolder: outputFolder, jobs: jobCount, settings: settings).run(plan, observer: display)
            display.finish()
            let summary = BatchSummary(results: results, outputFolder: outputFolder, seconds: Date().timeIntervalSince(started))
            print(summary.text(), terminator: "")
            if let report {
                let path = BatchReport.path(report, shard: selection)
                try BatchReport(results: results, outputFolder: outputFolder, shard: selection).write(to: path)
                warn("wrote \(path)")
            }
            if !summary.failed.isEmpty { throw ExitCode.failure }
        }
    }

    /// `--shard` and `--shards` as given: a bad value is a usage error (64) on one line, not
    /// ArgumentParser's usage text, since a value like 4611686018427387904/4611686018427387904
    /// comes from a script and the line is what its log keeps.
    func checkShardOptions() throws {
        do {
            if let shards { _ = try ShardEnvironment.bounded(shards, "--shards") }
            if let shard {
                let selection = try ShardSelection.parse(shard)
                if let shards, shards != selection.count {
                    throw BatchError.badShard("--shard \(shard) and --shards \(shards) disagree")
                }
            }
        } catch let error as BatchError {
            warn("\(error)")
            throw ExitCode.validationFailure
        }
    }

    /// `--shard`, else what a scheduler's environment says, else the whole batch.
    func resolveShard() throws -> (ShardSelection, String) {
        if let shard { return (try ShardSelection.parse(shard), "--shard") }
        if let detected = try ShardEnvironment.detect(ProcessInfo.processInfo.environment, shards: shards) {
            return (detected.shard, detected.source)
        }
        if let shards, shards > 1 {
            throw BatchError.badShard(
                "--shards \(shards) given, but no shard index: give --shard i/\(shards) "
                    + "or run as an array job (Slurm, Kubernetes Indexed Job, AWS Batch)")
        }
        return (.whole, "")
    }

    func printPlan(_ plan: BatchPlan, outputFolder: String) {
        var table = TextTable(header: ["action", "clip", "character", "output"])
        for step in plan.steps {
            let action =
                switch step.action {
                case .render(let overwrite): overwrite ? "render (replace)" : "render"
                case .skip: "skip (done)"
                case .adopt: "skip (adopt: finished, not yet in the manifest)"
                case .fail(let reason): "fail: \(reason)"
                }
            table.add([action, step.item.clip.path, step.item.character, outputFolder + "/" + step.item.output])
        }
        print(table.render())
    }

    /// `--merge-reports`: the shards' rows as one report, summarised; exit 1 if any item failed.
    func merge() throws {
        let merged = BatchReport.merged(try mergeReports.map(BatchReport.read(path:)))
        if let report {
            try merged.write(to: report)
            warn("wrote \(report) (\(merged.rows.count) items)")
        }
        var table = TextTable(header: ["status", "items", "frames", "render s"])
        for status in BatchItemResult.Status.allCases.map(\.rawValue) {
            let rows = merged.rows.filter { $0.status == status }
            table.add([
                status, String(rows.count), String(rows.compactMap(\.frames).reduce(0, +)),
                String(format: "%.1f", rows.map(\.seconds).reduce(0, +)),
            ])
        }
        print(table.render())
        if !merged.missingShards.isEmpty { warn("no rows from shard \(merged.missingShards.joined(separator: ", ")) in these reports") }
        if merged.rows.contains(where: { $0.status == BatchItemResult.Status.failed.rawValue }) { throw ExitCode.failure }
    }

    private func warn(_ message: String) { StandardError.write("actone: \(message)\n") }
}
