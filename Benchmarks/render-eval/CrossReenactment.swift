import ActOne
import Foundation

/// Cross-reenactment: a character driven by someone else's clip. There is no ground-truth image,
/// so the output is tracked again and its signals are correlated with the driver's.
struct PairResult {
    var character: String
    var driver: String
    /// Share of output frames in which the tracker finds a face (0…1).
    var faceShare = 0.0
    /// Per channel (`Channel.all` order): r and gain, nil where the driver does not move it
    /// enough or r is undefined.
    var r: [Double?] = []
    var gain: [Double?] = []
    /// Whether the driver moves the channel (std above `Channel.minimumDriverMotion`).
    var moves: [Bool] = []
    var jitterDriver: Double?, jitterOutput: Double?
    var renderFPS = 0.0
    var error: String?
    /// The character is not a human face (`--expect-failure`): a render is itself the failure.
    var expectedToFail = false

    /// A render that fails, or whose face the tracker mostly cannot find, failed as a whole; its
    /// correlations (over a few stray frames) are not meaningful and stay out of the summary.
    static let minimumFaceShare = 0.5
    var failed: Bool { expectedToFail || error != nil || faceShare < Self.minimumFaceShare }

    /// r for the summary: nil where the driver is still; an output that stays flat while the
    /// driver moves (r undefined) counts as 0, a complete miss.
    func score(_ channel: Int) -> Double? {
        guard !failed, moves[channel] else { return nil }
        return r[channel] ?? 0
    }
}

enum CrossReenactment {
    static func run(
        driver: String, character: String, options: Options, workspace: Workspace,
        tracks: DriverTracks
    ) -> PairResult {
        var result = PairResult(character: name(character), driver: name(driver))
        result.expectedToFail = options.expectFailure.contains(name(character))
        do {
            let base = "\(name(driver))_\(name(character))"
            let output = workspace.path("cross", base + ".mp4")
            var settings = RenderPipeline.Settings()
            settings.crop = RenderPipeline.OutputCrop(rawValue: options.crop) ?? .full
            settings.mouth = RenderPipeline.MouthChoice(rawValue: options.mouth) ?? .auto
            settings.modelsDirectory = options.models
            settings.detail = options.detail
            let summary = try RenderPipeline(
                drivingPath: driver, characterPath: character, outputPath: output,
                overwrite: true, settings: settings
            ).run()
            result.renderFPS = Double(summary.frames) / max(summary.seconds, 1e-6)

            let real = try tracks.track(driver)
            let rendered: TrackedClip
            do {
                rendered = try TrackedClip.track(output, to: workspace.path("cross", base + ".track.json"), models: options.models)
            } catch {
                // No face anywhere in the output (the tracker's noFace): a failed render, not an evaluation error.
                result.error = "output: " + describe(error)
                return result
            }
            result.faceShare = Double(rendered.framesWithFace) / Double(max(real.frameCount, 1))
            for channel in Channel.all {
                let (d, o) = channel.paired(driver: real, output: rendered)
                let moves = channel.driverMotion(real) >= channel.minimumDriverMotion
                result.moves.append(moves)
                result.r.append(moves ? Stats.pearson(d, o) : nil)
                result.gain.append(moves ? Stats.slope(d, o) : nil)
            }
            (result.jitterDriver, result.jitterOutput) = Jitter.onStillest(driver: real, output: rendered)
        } catch {
            result.error = describe(error)
        }
        return result
    }
}
