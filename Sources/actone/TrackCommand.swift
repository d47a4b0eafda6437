import ActOne
import ArgumentParser
import Foundation
import OutputFiles

struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Track the face in a video and write the performance as a pose track.",
        discussion: """
            Head pose, gaze, the 52 ARKit blendshapes and the 478 face landmarks for every frame.

            Examples:
              actone track drive.mp4                          # writes drive.track.json here
              actone track drive.mp4 --format livelink        # drive.livelink.csv at 60 fps for Unreal or Blender
              actone track drive.mp4 --format bvh             # drive.bvh: head and eyes for Blender or Maya
              actone track drive.mp4 --no-landmarks -o perf.track.json
              actone track drive.mp4 --format csv -o - | head   # the rows on standard output
              actone track drive.mp4 --neutral 120              # frame 120 is the performer at rest
              actone track drive.mp4 --neutral me-at-rest.jpg   # a photo of the performer at rest
              actone track interview.mp4 --face 2               # the second face from the left
              actone track interview.mp4 --face all             # interview.face1.track.json, .face2, ...

            Faces are numbered 1, 2, ... left to right on the first frame where each appears (a face \
            that walks in later gets the next number); actone inspect lists them. Without --face the \
            largest face is written: the one that fills most of the clip.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The video to track.", completion: .file())
    var video: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Where to write the track; - for standard output (default: <video name>.track.json here).",
            valueName: "file"))
    var output: String?

    @Option(help: "json: actone's own, everything; csv: one row per frame; livelink: Live Link Face CSV; bvh: a head and eyes skeleton.")
    var format: TrackFormat = .json

    @Option(
        help: ArgumentHelp(
            "Rows per second for livelink and bvh: a rate (60, 29.97) or source (the clip's frames). "
                + "Default: 60 for livelink, as the Live Link Face app records; source for bvh.",
            valueName: "fps|source"))
    var rate: String?

    @Option(
        help: ArgumentHelp(
            "Head and eye angles in the Live Link CSV: radians (Blender importers), degrees, "
                + "or unit (degrees / 180, as Unreal's ARKit face code reads them)."))
    var angleUnits: LiveLinkAngleUnit = .radians

    @Flag(help: "Leave the landmarks out: a smaller file for animation tools (render needs the landmarks).")
    var noLandmarks = false

    @Option(
        help: ArgumentHelp(
            "Which face to write: its number (left to right where each first appears), or all: one track per face, "
                + "named <output>.faceN<suffix>. Default: the largest face.",
            valueName: "n|all"))
    var face: String?

    @OptionGroup var neutral: NeutralOption

    @Flag(help: "Write the raw per-frame values, without One-Euro smoothing.")
    var noSmoothing = false

    @Option(help: ArgumentHelp("Look for the face models in this folder first.", valueName: "dir"), completion: .directory)
    var models: String?

    @Flag(help: "Overwrite an existing output file.")
    var force = false

    func validate() throws {
        if let rate {
            guard TrackRate(argument: rate) != nil else {
                throw ValidationError("--rate must be a frame rate from 1 to 1000 (60, 29.97) or source.")
            }
            guard format.canResample else {
                throw ValidationError("--rate is for --format livelink or bvh; json and csv keep the clip's frames.")
            }
        }
        if let face {
            guard let choice = FaceChoice(argument: face), choice != .largest else {
                throw ValidationError("--face takes a face number from 1 (actone inspect lists them) or all.")
            }
            if choice == .all && output.map(OutputDestination.isStream) == true {
                throw ValidationError("--face all writes one file per face: give -o a file name, not a stream.")
            }
        }
        if angleUnits != .radians && format != .livelink {
            throw ValidationError("--angle-units is for --format livelink (bvh is always in degrees).")
        }
    }

    /// What the summary line says about the other faces: nothing when the clip has one.
    static func faceNote(_ summary: TrackPipeline.Summary, output: TrackPipeline.Output, chosen: FaceChoice) -> String {
        let count = summary.faces.count
        guard count > 1 else { return "" }
        switch chosen {
        case .largest:
            let others = count - 1
            return "; face \(output.face) of \(count), the largest; \(others) other face\(others == 1 ? "" : "s") found; --face N picks one"
        case .number, .all:
            return "; face \(output.face) of \(count)"
        }
    }

    var outputPath: String {
        if let output { return output }
        let stem = URL(fileURLWithPath: video).deletingPathExtension().lastPathComponent
        return stem + format.defaultSuffix
    }

    func run() throws {
        global.apply()
        try reportingFailure {
            var settings = TrackPipeline.Settings()
            settings.format = format
            settings.includeLandmarks = !noLandmarks
            if noSmoothing { settings.smoothing = .off }
            settings.modelsDirectory = models
            settings.neutral = neutral.choice
            settings.rate = rate.flatMap(TrackRate.init(argument:))
            settings.angleUnit = angleUnits
            if let face { settings.face = FaceChoice(argument: face) ?? .largest }
            let pipeline = TrackPipeline(videoPath: video, outputPath: outputPath, overwrite: force, settings: settings)
            let summary = try pipeline.run(progress: global.progress())
            let rate = Double(summary.frames) / max(summary.seconds, 1e-6)
            for output in summary.outputs {
                let shown = output.path == "-" ? "the track to standard output" : output.path
                let message =
                    "actone: wrote \(shown) (\(summary.frames) frames, face in \(output.framesWithFace), "
                    + String(format: "%.1f frames/s; neutral: ", rate) + output.neutral.summary
                    + Self.faceNote(summary, output: output, chosen: settings.face) + ")\n"
                StandardError.write(message)
            }
        }
    }
}
