import ActOne
import ArgumentParser
import Foundation

/// How the driver's motion is put on the character: the options `actone batch` shares with
/// `actone render`, with the same names, defaults and checks.
struct MotionTransferOptions: ParsableArguments {
    @Option(help: "Multiply expression changes (1 = as performed).")
    var expressionScale: Float = 1

    @Option(help: "Multiply head rotation, translation and scale changes (1 = as performed).")
    var poseScale: Float = 1

    @Option(help: ArgumentHelp("What moves: a comma-separated list of regions.", valueName: "regions"))
    var animate: RegionList = .all

    @Flag(help: "Keep the head still (only expressions and gaze move).")
    var noPose = false

    @Option(
        help: ArgumentHelp(
            "The driver frame the still image is taken to show (render: the same as --neutral N; "
                + "default: the calmest face near the start).", valueName: "frame"))
    var reference: Int?

    @Flag(help: "Use the driver's landmarks as tracked, without One-Euro smoothing.")
    var noSmoothing = false

    func validate() throws {
        _ = try regions()
        guard expressionScale.isFinite, (0...5).contains(expressionScale) else {
            throw ValidationError("--expression-scale must be between 0 and 5.")
        }
        guard poseScale.isFinite, (0...5).contains(poseScale) else { throw ValidationError("--pose-scale must be between 0 and 5.") }
        if let reference, reference < 0 { throw ValidationError("--reference must be a frame number (0 or more).") }
    }

    func regions() throws -> Set<AnimatedRegion> {
        var set = Set(animate.regions)
        if noPose { set.remove(.pose) }
        return set
    }

    func apply(to settings: inout RenderPipeline.Settings) throws {
        settings.retarget = RetargetSettings(expressionScale: expressionScale, poseScale: poseScale, regions: try regions())
        settings.reference = reference
        if noSmoothing { settings.smoothing = nil }
    }
}
