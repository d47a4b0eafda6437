import ActOne
import ArgumentParser
import Foundation

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a video holds: container, streams, codecs, size, rate, frames, rotation, audio.",
        discussion: """
        Examples:
          actone inspect drive.mp4
          actone inspect drive.mp4 --json > drive.json
          actone inspect drive.mp4 --overlay drive.overlay.mp4
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOptions

    @Argument(help: "The video to inspect.", completion: .file())
    var file: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write the clip with frame numbers and times burned in, with its audio.",
                               valueName: "out.mp4"), completion: .file(extensions: ["mp4"]))
    var overlay: String?

    @Flag(help: "Overwrite an existing output file.")
    var force = false

    func validate() throws {
        if let overlay, !overlay.lowercased().hasSuffix(".mp4") {
            throw ValidationError("--overlay writes an MP4 file: give it a name ending in .mp4.")
        }
    }

    func run() throws {
        global.apply()
        try reportingFailure {
            if let overlay {
                // Fail on a bad output path before reading the whole clip.
                try PartialFile.checkWritable(overlay, overwrite: force)
            }
            let info = try VideoInspection.run(path: file)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(info), as: UTF8.self))
            } else {
                print(MediaInfoReport.text(info))
            }
            // The report comes before the overlay's progress and messages on stderr.
            fflush(nil)
            if let overlay {
                let render = OverlayRender(inputPath: file, outputPath: overlay, overwrite: force, encoder: encoding.settings)
                let summary = try render.run(progress: global.progress())
                let audio = summary.audioCopied.map { $0 ? ", audio copied" : ", audio re-encoded as AAC" } ?? ""
                FileHandle.standardError.write(Data("actone: wrote \(overlay) (\(summary.frames) frames\(audio))\n".utf8))
            }
        }
    }
}
