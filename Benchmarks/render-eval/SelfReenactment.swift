import ActOne
import Foundation
import Imaging
import MediaIO

/// Self-reenactment: the character is the driver's own first frame, so the real clip is the
/// ground truth of every output frame. The floor is that still frame held for the whole clip
/// (no motion at all); a renderer must beat it on pixels and landmarks.
struct SelfResult {
    var driver: String
    var frames = 0
    /// Means over all frames: output vs real, and still frame 0 vs real (the floor).
    var psnr = Double.nan, psnrFloor = Double.nan
    var ssim = Double.nan, ssimFloor = Double.nan
    /// Mean landmark error in % of the real frame's inter-ocular distance, over frames where the
    /// real clip and the output both have a face; `landmarkFrames` counts them.
    var landmarks = Double.nan, landmarksFloor = Double.nan
    var landmarkFrames = 0
    /// Output frame 0 against real frame 0: the still reproduced, less H.264's loss.
    var firstFramePSNR = Double.nan
    var jitterDriver: Double?, jitterOutput: Double?
    var renderSeconds = 0.0
    var error: String?

    /// landmark error over the floor's; the goal is ≤ 0.35.
    var landmarkRatio: Double { landmarks / landmarksFloor }
    var passes: Bool {
        error == nil && landmarkRatio <= 0.35 && psnr > psnrFloor && ssim > ssimFloor
    }
}

enum SelfReenactment {
    static func run(driver: String, workspace: Workspace, tracks: DriverTracks, models: String?, detail: Float) -> SelfResult {
        var result = SelfResult(driver: name(driver))
        do {
            let still = workspace.path("self", "\(name(driver)).frame0.png")
            let firstFrame = try firstFrame(of: driver)
            try ImageWriter.writePNG(firstFrame, to: still, overwrite: true)

            let output = workspace.path("self", "\(name(driver)).self.mp4")
            var settings = RenderPipeline.Settings()
            settings.reference = 0  // the still shows frame 0, so frame 0 is the neutral
            settings.modelsDirectory = models
            settings.detail = detail
            let (_, seconds) = try timed {
                try RenderPipeline(
                    drivingPath: driver, characterPath: still, outputPath: output, overwrite: true,
                    settings: settings
                ).run()
            }
            result.renderSeconds = seconds

            let real = try tracks.track(driver)
            let rendered = try TrackedClip.track(
                output, to: workspace.path("self", "\(name(driver)).self.track.json"),
                models: models)
            try comparePixels(real: driver, output: output, still: firstFrame, into: &result)
            compareLandmarks(real: real, output: rendered, into: &result)
            (result.jitterDriver, result.jitterOutput) = Jitter.onStillest(driver: real, output: rendered)
        } catch {
            result.error = describe(error)
        }
        return result
    }

    static func firstFrame(of video: String) throws -> RGBImage {
        guard let frame = try VideoReader(path: video).nextFrame() else {
            throw EvalError("\(video): no frames")
        }
        return frame.image
    }

    /// PSNR and SSIM per frame, streamed (a long clip's frames are never all in memory).
    static func comparePixels(real: String, output: String, still: RGBImage, into result: inout SelfResult) throws {
        let realReader = try VideoReader(path: real), outputReader = try VideoReader(path: output)
        guard outputReader.width == realReader.width, outputReader.height == realReader.height else {
            throw EvalError(
                "output is \(outputReader.width)x\(outputReader.height), the driver "
                    + "\(realReader.width)x\(realReader.height): frames cannot be compared")
        }
        var psnr: [Double] = [], ssim: [Double] = [], psnrFloor: [Double] = [], ssimFloor: [Double] = []
        while let truth = try realReader.nextFrame() {
            guard let made = try outputReader.nextFrame() else {
                throw EvalError("output ends after \(psnr.count) frames; the driver has more")
            }
            // An identical pair is +inf dB; cap at 60 dB so one perfect frame cannot swamp the mean.
            psnr.append(min(60, ImageMetrics.psnr(made.image, truth.image)))
            psnrFloor.append(min(60, ImageMetrics.psnr(still, truth.image)))
            ssim.append(ImageMetrics.ssim(made.image, truth.image))
            ssimFloor.append(ImageMetrics.ssim(still, truth.image))
        }
        if try outputReader.nextFrame() != nil { throw EvalError("output has more frames than the driver") }
        result.frames = psnr.count
        result.firstFramePSNR = psnr.first ?? .nan
        result.psnr = Stats.mean(psnr)
        result.psnrFloor = Stats.mean(psnrFloor)
        result.ssim = Stats.mean(ssim)
        result.ssimFloor = Stats.mean(ssimFloor)
    }

    /// Mean landmark distance to the real frame's, over the real frame's inter-ocular distance;
    /// the floor holds frame 0's landmarks still.
    static func compareLandmarks(real: TrackedClip, output: TrackedClip, into result: inout SelfResult) {
        guard let first = real.landmarks(0) else {
            result.error = "no face in the driver's frame 0"
            return
        }
        var errors: [Double] = [], floor: [Double] = []
        for i in 0..<real.frameCount {
            guard let truth = real.landmarks(i), let iod = FaceGeometry.interOcular(truth),
                let made = output.landmarks(i)
            else { continue }
            errors.append(100 * FaceGeometry.meanDistance(made, truth) / iod)
            floor.append(100 * FaceGeometry.meanDistance(first, truth) / iod)
        }
        result.landmarkFrames = errors.count
        result.landmarks = Stats.mean(errors)
        result.landmarksFloor = Stats.mean(floor)
    }
}

struct EvalError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
