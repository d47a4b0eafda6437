import ActOne
import ArgumentParser
import OutputFiles

/// Flags every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print no progress bar.")
    var quiet = false

    @Flag(name: .long, help: "Let FFmpeg print its own warnings too.")
    var verbose = false

    /// Applies the options that configure libraries, before any work.
    func apply() {
        LibraryMessages.showFFmpegWarnings(verbose)
        SignalCleanup.install()
    }

    /// A progress bar on a terminal; nothing when piped, redirected or `--quiet`.
    func progress() -> ProgressReporter {
        quiet || !TerminalProgress.isTerminal ? SilentProgress() : TerminalProgress()
    }
}

/// x264 settings for commands that write video.
struct EncodingOptions: ParsableArguments {
    @Option(help: "x264 quality: 0 lossless, 18 transparent, 23 x264's default, 51 worst.")
    var crf: Double = 18

    @Option(help: "x264 speed preset: slower presets give smaller files at the same quality.")
    var preset: EncoderPreset = .medium

    func validate() throws {
        guard (0...51).contains(crf) else { throw ValidationError("--crf must be between 0 and 51.") }
    }

    var settings: VideoEncoderSettings { VideoEncoderSettings(crf: crf, preset: preset.name) }
}
