import ActOne
import ArgumentParser

/// `render --driver-face N`: which face of a driving video with several performs.
struct DriverFaceOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "In a driving video with several faces, the one that performs: its number, left to right where each first "
                + "appears, as actone inspect lists them (default: the largest).",
            valueName: "n"))
    var driverFace: Int?

    func validate() throws {
        if let driverFace, driverFace < 1 {
            throw ValidationError("--driver-face takes a face number from 1 (actone inspect lists them).")
        }
    }

    /// A pose track holds one face: the number is for a driving video.
    func validate(driving: String) throws {
        if driverFace != nil && RenderPipeline.isTrackFile(driving) {
            throw ValidationError("--driver-face is for a driving video: a pose track holds one face (choose it with track --face).")
        }
    }
}
