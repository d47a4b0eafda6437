import ActOne
import ArgumentParser
import Foundation
import OutputFiles

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a performance (a pose track, or a video tracked on the fly), plot it and draw it.",
        discussion: """
            Given a video, inspect prints what the file holds (container, streams, codecs, size, rate, \
            frames, rotation, audio), then tracks every face in memory, lists them (number, box on the \
            first frame where each appears, frames followed) and summarises the performance of the \
            largest, or of --face N. Faces are numbered left to right where each first appears, as \
            actone track --face and render --driver-face number them. Given a .track.json file (from \
            actone track), it summarises that.

            The summary: frames, frame rate, duration, the share of frames with a face, head yaw, pitch \
            and roll ranges, blinks (the mean of eyeBlinkLeft/Right rising above 0.5 and falling back) \
            and blinks per minute, mouth-open share (jawOpen above 0.3), the five strongest expressions \
            (by 95th percentile) and jitter (how much the tracking trembles on the stillest second). \
            docs/inspect.md defines each.

            --plot draws head rotation and jawOpen, eyeBlinkLeft/Right, mouthSmileLeft/Right and \
            browInnerUp over time as a PNG. --overlay writes the clip with the face mesh, irises, head \
            axes, each face's box and number, and frame numbers drawn on it, with its audio; for a \
            track, the clip comes from --video or, by default, the track's source clip beside the \
            track file.

            Examples:
              actone inspect drive.mp4
              actone inspect drive.mp4 --json > drive.json
              actone inspect interview.mp4 --face 2         # the second face from the left
              actone inspect drive.mp4 --overlay drive.overlay.mp4 --plot drive.png
              actone inspect drive.track.json --plot drive.png
              actone inspect drive.track.json --overlay check.mp4 --video footage/drive.mp4
              actone inspect drive.mp4 --no-track     # media information only
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOptions

    @Argument(help: "A video, or a pose track written by actone track (.track.json).", completion: .file())
    var file: String

    @Flag(help: "Print the report as JSON: {\"media\": …, \"summary\": …}.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Also draw head rotation and the main expressions over time, as a PNG.",
            valueName: "chart.png"), completion: .file(extensions: ["png"]))
    var plot: String?

    @Option(
        help: ArgumentHelp(
            "Also write the clip with the face mesh, irises, head axes and frame numbers drawn, with its audio.",
            valueName: "out.mp4"), completion: .file(extensions: ["mp4"]))
    var overlay: String?

    @Option(
        help: ArgumentHelp(
            "For a track's --overlay: the clip it was made from (default: the track's source clip beside it).",
            valueName: "video"), completion: .file())
    var video: String?

    @Option(
        help: ArgumentHelp(
            "For a video: the face to summarise, by the number the face list gives (default: the largest).",
            valueName: "n"))
    var face: String?

    @OptionGroup var neutral: NeutralOption

    @Flag(help: "For a video: print the media information only, without tracking the face (no models needed).")
    var noTrack = false

    @Option(help: ArgumentHelp("Look for the face models in this folder first.", valueName: "dir"), completion: .directory)
    var models: String?

    @Flag(help: "Overwrite existing output files.")
    var force = false

    var isTrack: Bool { TrackFileInput.isTrackPath(file) }

    func validate() throws {
        if let overlay, !overlay.lowercased().hasSuffix(".mp4"), !OutputDestination.isStream(overlay) {
            throw ValidationError("--overlay writes an MP4 file: give it a name ending in .mp4.")
        }
        if let plot, !plot.lowercased().hasSuffix(".png"), !OutputDestination.isStream(plot) {
            throw ValidationError("--plot writes a PNG file: give it a name ending in .png.")
        }
        if let plot, let overlay, plot == overlay {
            throw ValidationError("--plot and --overlay must be different files.")
        }
        if video != nil && (!isTrack || overlay == nil) {
            throw ValidationError("--video is for drawing a track file's --overlay.")
        }
        if noTrack && isTrack {
            throw ValidationError("--no-track is for videos: a track file is not tracked again.")
        }
        if isTrack && neutral.neutral != nil {
            throw ValidationError("--neutral is for videos: a track file keeps the neutral it was made with.")
        }
        if noTrack && plot != nil {
            throw ValidationError("--plot needs the face tracked: leave out --no-track.")
        }
        if let face {
            guard case .number = FaceChoice(argument: face) else {
                throw ValidationError("--face takes a face number from 1 (the face list numbers them).")
            }
            if isTrack || noTrack { throw ValidationError("--face is for a video tracked here: a track file holds one face.") }
        }
    }

    func run() throws {
        global.apply()
        try reportingFailure {
            // Fail on a bad output path before the (possibly long) work.
            for output in [overlay, plot].compactMap({ $0 }) {
                try OutputFile.check(output, overwrite: force, inputs: [file] + [video].compactMap { $0 })
            }
            if isTrack { try inspectTrack() } else { try inspectVideo() }
        }
    }

    private func inspectTrack() throws {
        let track = try TrackFileInput.read(path: file, keepLandmarks: overlay != nil)
        let source = try overlay.map { _ in
            try TrackOverlayRender.sourceVideo(trackPath: file, metadata: track.metadata, explicit: video)
        }
        let summary = track.summary
        print(json ? try Self.json(InspectReport(media: nil, summary: summary)) : TrackSummaryReport.text(summary))
        // The report comes before the outputs' progress and messages on stderr.
        fflush(nil)
        if let overlay, let source {
            let render = TrackOverlayRender(
                track: track, videoPath: source, outputPath: overlay, overwrite: force,
                encoder: encoding.settings)
            report(overlay, try render.run(progress: global.progress()))
        }
        try writePlot(track)
    }

    private func inspectVideo() throws {
        let info = try VideoInspection.run(path: file)
        if noTrack {
            print(json ? try Self.json(InspectReport(media: info, summary: nil)) : MediaInfoReport.text(info))
            fflush(nil)
            if let overlay {
                let render = OverlayRender(inputPath: file, outputPath: overlay, overwrite: force, encoder: encoding.settings)
                report(overlay, try render.run(progress: global.progress()))
            }
            return
        }
        if !json {
            // What the file holds comes at once; the summary follows when tracking is done.
            print(MediaInfoReport.text(info))
            fflush(nil)
        }
        var settings = PerformanceInspection.Settings()
        settings.modelsDirectory = models
        settings.neutral = neutral.choice
        settings.overlayPath = overlay
        settings.overwrite = force
        settings.encoder = encoding.settings
        if let face { settings.face = FaceChoice(argument: face) ?? .largest }
        let result = try PerformanceInspection(videoPath: file, settings: settings).run(progress: global.progress())
        let track = result.track
        if let overlay, let overlaySummary = result.overlay { report(overlay, overlaySummary) }
        let summary = track.summary
        print(
            json
                ? try Self.json(InspectReport(media: info, faces: result.faces, face: result.face, summary: summary))
                : "\n" + FaceListReport.text(result.faces, summarised: result.face, frames: summary.frames) + "\n\n"
                    + TrackSummaryReport.text(summary))
        fflush(nil)
        try writePlot(track)
    }

    private func writePlot(_ track: PerformanceTrack) throws {
        guard let plot else { return }
        try TrackChart.write(track, to: plot, overwrite: force)
        StandardError.write("actone: wrote \(plot) (\(TrackChart.width)x\(TrackChart.height))\n")
    }

    private func report(_ overlay: String, _ summary: OverlayRender.Summary) {
        let audio = summary.audioCopied.map { $0 ? ", audio copied" : ", audio re-encoded as AAC" } ?? ""
        StandardError.write("actone: wrote \(overlay) (\(summary.frames) frames\(audio))\n")
    }

    private static func json(_ report: InspectReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}

/// `inspect --json`: the media information (for a video), the faces found and the number of the
/// one summarised (for a video tracked here), and the performance summary (unless `--no-track`);
/// absent parts are left out.
struct InspectReport: Encodable {
    var media: MediaInfo?
    var faces: [FoundFace]?
    var face: Int?
    var summary: TrackSummary?
}
