import Foundation
import MediaIO

/// Runs one shard's plan: `jobs` worker threads take tasks from a `BatchScheduler`, each clip is
/// tracked once into the `TrackCache`, each item is rendered by a `RenderPipeline` from that
/// track, and finished outputs go into the manifest as they finish.
///
/// Threads, not processes: a render from a track is one busy thread (warping and drawing) plus
/// x264's own threads; the models, the character and the frames in flight are a job's whole
/// memory, and jobs share nothing but the scheduler, the manifest and the progress display, which
/// a process of its own could not share. An item's failure is an error thrown in its job, caught
/// there; the other jobs go on.
public struct BatchRunner: Sendable {
    public var outputFolder: String
    public var jobs: Int
    /// How every item is rendered (`trackAudio` is set per clip).
    public var settings: RenderPipeline.Settings

    public init(outputFolder: String, jobs: Int, settings: RenderPipeline.Settings) {
        self.outputFolder = outputFolder
        self.jobs = max(1, jobs)
        self.settings = settings
        // Every clip is rendered on the same characters: analyse each once for the whole batch.
        self.settings.characterCache = settings.characterCache ?? CharacterAnalysisCache()
    }

    /// Every item's result, in work-list order.
    public func run(_ plan: BatchPlan, observer: BatchObserver) throws -> [BatchItemResult] {
        for folder in [outputFolder, BatchManifest.folder(outputFolder: outputFolder), outputFolder + "/" + TrackCache.folderName] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw BatchError.cannotCreateFolder(path: folder, reason: ClipListing.reason(error))
            }
        }
        let results = Results()
        let recorder = ManifestRecorder(outputFolder: outputFolder, shard: plan.shard)
        for step in plan.steps {
            switch step.action {
            case .render: continue
            case .skip(let frames): results.add(BatchItemResult(item: step.item, status: .skipped, frames: frames), observer)
            case .adopt(let entry, let record): results.add(adopt(step, entry: entry, record: record, recorder: recorder), observer)
            case .fail(let reason): results.add(BatchItemResult(item: step.item, status: .failed, error: reason), observer)
            }
        }
        let work = plan.toRender
        let scheduler = BatchScheduler(steps: work)
        let cache = TrackCache(outputFolder: outputFolder, modelsDirectory: settings.modelsDirectory)
        let done = DispatchGroup()
        for job in 0..<min(jobs, work.count) {
            done.enter()
            let worker = Thread {
                while let task = scheduler.next() {
                    switch task {
                    case .track(let clip, let sha):
                        let reporter = observer.job(job, began: .track(clip: clip))
                        let state = Self.prepare(clip, clipSHA256: sha, cache: cache, progress: reporter)
                        observer.jobEnded(job)
                        scheduler.settle(clip, state)
                    case .render(let step, let state):
                        let reporter = observer.job(job, began: .render(step.item))
                        let result = render(step, state, plan: plan, recorder: recorder, progress: reporter)
                        observer.jobEnded(job)
                        results.add(result, observer)
                    }
                }
                done.leave()
            }
            // As RenderPipeline's own thread: the face models and the renderer want a main-thread-sized stack.
            worker.stackSize = 8 << 20
            worker.start()
        }
        done.wait()
        return results.all.sorted { $0.item.number < $1.item.number }
    }

    /// The clip's track, from the cache or made now, and where its sound is.
    static func prepare(_ clip: ClipListing.Clip, clipSHA256: String, cache: TrackCache, progress: ProgressReporter) -> ClipTrackState {
        do {
            let (path, made) = try cache.track(clip: clip.path, clipSHA256: clipSHA256, progress: progress)
            let reader = try VideoReader(path: clip.path)
            let audio = reader.audioStreams.isEmpty ? nil : AudioSource(path: clip.path, startTime: reader.startTime)
            return .ready(ReadyClip(trackPath: path, source: made ? .tracked : .cached, audio: audio))
        } catch {
            return .failed(oneLine(error))
        }
    }

    /// An output an earlier run finished but did not record: recorded now, and skipped.
    func adopt(_ step: BatchPlan.Step, entry: BatchManifest.Entry, record: String, recorder: ManifestRecorder) -> BatchItemResult {
        do {
            try recorder.record(entry)
        } catch {
            return BatchItemResult(
                item: step.item, status: .failed,
                error: "\(outputFolder)/\(step.item.output): cannot record "
                    + "it in the manifest: \(oneLine(error))")
        }
        unlink(record)
        return BatchItemResult(
            item: step.item, status: .skipped, frames: entry.frames,
            note: "adopted: finished by an earlier run from the same inputs and settings, "
                + "which stopped before recording it")
    }

    func render(
        _ step: BatchPlan.Step, _ state: ClipTrackState, plan: BatchPlan, recorder: ManifestRecorder,
        progress: ProgressReporter
    ) -> BatchItemResult {
        let item = step.item
        guard case .ready(let clip) = state else {
            if case .failed(let reason) = state { return BatchItemResult(item: item, status: .failed, error: reason) }
            preconditionFailure("rendering \(item.output) before its clip was tracked")
        }
        guard case .render(let overwrite) = step.action else { preconditionFailure("\(item.output) is not to be rendered") }
        let started = Date()
        let target = outputFolder + "/" + item.output
        let before = FileIdentity.of(target)
        var startedRecord: String?
        // Whatever happens below, this process's record goes once the item is settled.
        defer { if let startedRecord { unlink(startedRecord) } }
        do {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path,
                withIntermediateDirectories: true)
            startedRecord = try StartedRender(
                output: item.output, clip: item.clip.path, clipSHA256: step.clipSHA256,
                character: item.character, characterSHA256: step.characterSHA256,
                settings: plan.settings, replacing: before,
                started: BatchManifest.timestamp()
            ).write(outputFolder: outputFolder)
            var settings = settings
            settings.trackAudio = clip.audio
            let summary = try RenderPipeline(
                drivingPath: clip.trackPath, characterPath: item.character, outputPath: target,
                overwrite: overwrite, settings: settings
            ).run(progress: progress)
            let entry = BatchManifest.Entry(
                output: item.output, clip: item.clip.path, clipSHA256: step.clipSHA256,
                character: item.character, characterSHA256: step.characterSHA256,
                settings: plan.settings, frames: summary.frames,
                bytes: BatchPlan.size(of: target) ?? 0, finished: BatchManifest.timestamp())
            do {
                try recorder.record(entry)
            } catch {
                // An output the manifest does not know would be refused by the next run as someone
                // else's file: better not to leave it.
                unlink(target)
                throw error
            }
            return BatchItemResult(
                item: item, status: .rendered, seconds: Date().timeIntervalSince(started),
                frames: summary.frames, track: clip.source)
        } catch {
            // Another run on this folder (two unsharded runs at once) may have put the same output
            // in place first, so this one found it in the way: it is done, not failed.
            if let note = madeElsewhere(step, settings: plan.settings) {
                return BatchItemResult(
                    item: item, status: .skipped, seconds: Date().timeIntervalSince(started),
                    frames: note.frames, track: clip.source, note: note.text)
            }
            // Errors about the cached track name the clip it was made from.
            var reason = oneLine(error).replacingOccurrences(of: clip.trackPath, with: item.clip.path)
            if case RenderError.noCharacterFace(let path)? = error as? RenderError {
                // Render's own advice names options a batch does not have (they are per character).
                reason =
                    "\(path): no face found in the character image; render it with `actone render` and "
                    + "--face-box x,y,w,h or --character-landmarks FILE"
            }
            return BatchItemResult(
                item: item, status: .failed, seconds: Date().timeIntervalSince(started), error: reason,
                track: clip.source)
        }
    }

    /// When the item's output is now in place, put there by another process since the plan was
    /// made (it is not the file that was there then, `step.planned`) from the same inputs and
    /// settings (recorded in a manifest, or finished by a render whose record says so), the
    /// frames and a note saying so. A failed `--force` render over an old output stays a failure.
    func madeElsewhere(_ step: BatchPlan.Step, settings: String) -> (frames: Int, text: String)? {
        let target = outputFolder + "/" + step.item.output
        guard let bytes = BatchPlan.size(of: target), let current = FileIdentity.of(target), current != step.planned else {
            return nil
        }
        let note = "made meanwhile by another run from the same inputs and settings"
        // Records before the manifest: a run writes the entry and then removes its record, so
        // read in this order, a finished output is found in one or the other, never in neither.
        // This process's own record says nothing about another's file.
        let own = StartedRender.path(outputFolder: outputFolder, output: step.item.output)
        let records = (StartedRender.all(outputFolder: outputFolder)[step.item.output] ?? []).filter { $0.path != own }
        if records.contains(where: {
            $0.record.finished(current: current)
                && $0.record.matches(clipSHA256: step.clipSHA256, characterSHA256: step.characterSHA256, settings: settings)
        }) {
            // Its maker records it in a moment (or, killed, a later run adopts it).
            return (BatchPlan.frameCount(of: target), note)
        }
        if let entry = BatchManifest.load(outputFolder: outputFolder).manifest.entries[step.item.output],
            entry.matches(clipSHA256: step.clipSHA256, characterSHA256: step.characterSHA256, settings: settings, bytes: bytes)
        {
            return (entry.frames, note)
        }
        return nil
    }

    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [BatchItemResult] = []
        var all: [BatchItemResult] { lock.withLock { stored } }
        func add(_ result: BatchItemResult, _ observer: BatchObserver) {
            lock.withLock { stored.append(result) }
            observer.itemFinished(result)
        }
    }
}

/// An error as one line, the way the executable prints errors.
func oneLine(_ error: Error) -> String {
    String(describing: error).split(separator: "\n").joined(separator: " ")
}
