import ActOne
import ArgumentParser

/// The `actone` executable: parses arguments, runs a pipeline from ActOne, prints results and
/// errors. Nothing here touches pixels or FFmpeg.
@main
struct Actone: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actone",
        abstract: "Face performance capture and motion transfer, on your own machine.",
        discussion: """
        actone reads a performance from a video of a face and gives it to a still character \
        image. This build can inspect videos and check its face models; tracking and rendering \
        come next.

        Examples:
          actone inspect drive.mp4                      # what the clip holds
          actone inspect drive.mp4 --json               # the same, for scripts
          actone inspect drive.mp4 --overlay check.mp4  # the clip with frame numbers burned in
          actone models --verify                        # are the face models installed?
        """,
        version: ActOneVersion.string,
        subcommands: [InspectCommand.self, ModelsCommand.self]
    )
}
