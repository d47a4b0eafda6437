import ActOne
import ArgumentParser
import Foundation

/// The `actone` executable: parses arguments, runs a pipeline from ActOne, prints results and
/// errors. Nothing here touches pixels or FFmpeg.
@main
struct Actone: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actone",
        abstract: "Face performance capture and motion transfer, on your own machine.",
        discussion: """
            actone reads a performance from a video of a face and gives it to a still character \
            image: head motion, gaze and expressions, with the driver's audio.

            Examples:
              actone drive.mp4 character.png               # the character performs: drive_character.mp4
              actone track drive.mp4                        # the performance as drive.track.json
              actone inspect drive.mp4                      # what the clip holds
              actone inspect drive.mp4 --json               # the same, for scripts
              actone inspect drive.mp4 --overlay check.mp4  # the clip with frame numbers burned in
              actone batch clips/ characters/ -o out/       # every clip on every character
              actone live /dev/video0 --input-format v4l2 c.png -o l.mp4   # live, from a camera
              actone models --verify                        # are the face models installed?
            """,
        version: ActOneVersion.string,
        subcommands: [
            RenderCommand.self, TrackCommand.self, InspectCommand.self, BatchCommand.self, LiveCommand.self, ModelsCommand.self,
        ],
        defaultSubcommand: RenderCommand.self
    )

    /// ArgumentParser's `main`, with usage errors on one line and a hint for a mistyped command.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let commands = configuration.subcommands.compactMap { $0.configuration.commandName }
        if let hint = CommandHint.mistypedCommand(arguments, commands: commands) {
            StandardError.write(hint + "\n")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            // Help, --version and failures already reported (an ExitCode) keep ArgumentParser's handling.
            let code = exitCode(for: error)
            guard code == .validationFailure, !(error is ExitCode) else { exit(withError: error) }
            StandardError.write(UsageErrorLine.make(from: fullMessage(for: error)) + "\n")
            Foundation.exit(code.rawValue)
        }
    }
}
