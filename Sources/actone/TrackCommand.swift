import ActOne
import ArgumentParser
import Foundation

struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Track the face in a video and write the performance as a pose track.",
        discussion: """
        Head pose, gaze, the 52 ARKit blendshapes and the 478 face landmarks for every frame.

        Examples:
          actone track drive.mp4                          # writes drive.track.json here
          actone track drive.mp4 --format livelink        # drive.livelink.csv for Unreal or Blender
          actone track drive.mp4 --no-landmarks -o perf.track.json
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The video to track.", completion: .file())
    var video: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the track (default: <video name>.track.json here).",
                                                    valueName: "file"))
    var output: String?

    @Option(help: "json (actone's own, everything), csv (one row per frame) or livelink (Live Link Face CSV).")
    var format: String = "json"

    @Flag(help: "Leave the landmarks out: a motion template that holds no face shape.")
    var noLandmarks = false

    @Flag(help: "Write the raw per-frame values, without One-Euro smoothing.")
    var noSmoothing = false

    @Option(help: ArgumentHelp("Look for the face models in this folder first.", valueName: "dir"), completion: .directory)
    var models: String?

    @Flag(help: "Overwrite an existing output file.")
    var force = false

    func validate() throws {
        guard TrackFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: \(TrackFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    var outputPath: String {
        if let output { return output }
        let stem = URL(fileURLWithPath: video).deletingPathExtension().lastPathComponent
        return stem + (TrackFormat(rawValue: format) ?? .json).defaultSuffix
    }

    func run() throws {
        global.apply()
        try reportingFailure {
            var settings = TrackPipeline.Settings()
            settings.format = TrackFormat(rawValue: format) ?? .json
            settings.includeLandmarks = !noLandmarks
            if noSmoothing { settings.smoothing = .off }
            settings.modelsDirectory = models
            let pipeline = TrackPipeline(videoPath: video, outputPath: outputPath, overwrite: force, settings: settings)
            let summary = try pipeline.run(progress: global.progress())
            let rate = Double(summary.frames) / max(summary.seconds, 1e-6)
            let message = "actone: wrote \(outputPath) (\(summary.frames) frames, face in \(summary.framesWithFace), "
                + String(format: "%.1f frames/s)\n", rate)
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}
