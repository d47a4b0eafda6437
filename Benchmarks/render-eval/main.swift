// The project evaluation of `actone render` (issue 5, "How we know it works"; DESIGN.md, Quality):
//   1. self-reenactment on every driving clip (PSNR, SSIM, landmark error against the real frames,
//      beside the still first frame as the floor),
//   2. cross-reenactment, every character × every driver: the output re-tracked and correlated
//      with the driver per channel,
//   3. jitter on the driver's stillest second, output against driver.
// Calls RenderPipeline and TrackPipeline in-process (what `actone render` and `actone track` run),
// one job at a time: the renderer itself uses both cores.
//
//   Scripts/eval-render [--drivers DIR] [--characters DIR] [--quick] [--keep DIR] [--crop full|face]
import ActOne
import Foundation
import MediaIO

func log(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }
/// Tables go straight to stdout (unbuffered), so each appears when its section ends, in order
/// with the progress lines on stderr.
func show(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

let options: Options
let inputs: Inputs
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
    inputs = try Inputs(options: options)
} catch let error as UsageError {
    if let message = error.message { log("render-eval: \(message)") }
    log(Options.usage)
    exit(error.message == nil ? 0 : 2)
}
FFmpegLog.setLevel(.errors)

let workspace = try Workspace(keep: options.keep)
let tracks = DriverTracks(workspace: workspace, models: options.models)
let started = Date()

show(
    "render-eval: \(inputs.drivers.count) drivers × \(inputs.characters.count) characters"
        + (options.quick ? " (--quick)" : "") + ", cross-reenactment --crop \(options.crop) --mouth \(options.mouth)"
        + (options.detail > 0 ? ", --detail \(options.detail) (self-reenactment too)" : ""))
show("outputs in \(workspace.root)" + (workspace.temporary ? " (removed at the end; --keep DIR keeps them)" : ""))

// Driver tracks first: every section needs them, and the table explains the "-" cells below.
for driver in inputs.drivers {
    let (_, seconds) = timed { _ = try? tracks.track(driver) }
    log("tracked \(name(driver)) in \(Report.fixed(seconds, 1)) s")
}
show("\n== Drivers (sd: standard deviation over the clip; ~ below the threshold, 0.05 blendshapes / 2° angles)")
show(Report.drivers(inputs.drivers, tracks: tracks))

var selfResults: [SelfResult] = []
for driver in inputs.drivers {
    let (result, seconds) = timed {
        SelfReenactment.run(driver: driver, workspace: workspace, tracks: tracks, models: options.models, detail: options.detail)
    }
    log("self-reenactment \(name(driver)): \(Report.fixed(seconds, 1)) s" + (result.error.map { " FAILED: \($0)" } ?? ""))
    selfResults.append(result)
}
show("\n== Self-reenactment (character = the clip's frame 0, --reference 0; floor = frame 0 held still)")
show("   goals: LM/floor ≤ 0.35, PSNR and SSIM above the floor; LM = mean landmark error in % of the real inter-ocular distance")
show(Report.selfReenactment(selfResults))

var pairs: [PairResult] = []
var trackerFloor: [String: Double] = [:]
for character in inputs.characters {
    do {
        trackerFloor[name(character)] = try TrackerFloor.jitter(character: character, workspace: workspace, models: options.models)
    } catch {
        log("tracker floor \(name(character)): \(describe(error))")
    }
    for driver in inputs.drivers {
        let (result, seconds) = timed {
            CrossReenactment.run(driver: driver, character: character, options: options, workspace: workspace, tracks: tracks)
        }
        log("cross \(name(character)) × \(name(driver)): \(Report.fixed(seconds, 1)) s" + (result.error.map { " FAILED: \($0)" } ?? ""))
        pairs.append(result)
    }
}
show("\n== Cross-reenactment: Pearson r, output re-tracked against the driver's track")
show("   goals: jawOpen, smile ≥ 0.9; blinks, browUp ≥ 0.8; yaw, pitch, roll ≥ 0.85; * below goal; - driver does not move it;")
show(
    "   face% < \(Int(100 * PairResult.minimumFaceShare))! = failed render, left out of the summary; jitter in % IOD per frame on the driver's stillest second"
)
show(Report.crossReenactment(pairs))
show(
    "\n== Summary per channel (pairs that rendered, channels the driver moves; flat output counts as r = 0;"
        + " --expect-failure characters left out)")
show(Report.summary(pairs))

show("\n== Per character (all its pairs; trk floor: the re-tracker's own jitter on the still with per-frame noise, % IOD/frame)")
show(Report.characters(pairs, trackerFloor: trackerFloor))

let failures = pairs.filter { $0.failed && !$0.expectedToFail }.map { "\($0.character)×\($0.driver)" }
if !failures.isEmpty { show("failed renders: " + failures.joined(separator: ", ")) }
let accepted = pairs.filter { $0.expectedToFail && $0.error == nil }.map { "\($0.character)×\($0.driver)" }
if !accepted.isEmpty {
    show("FAILED: rendered although the character is not a human face (--expect-failure): " + accepted.joined(separator: ", "))
}
show("\nwhole evaluation: \(Report.fixed(Date().timeIntervalSince(started), 0)) s")
workspace.removeIfTemporary()
