import FaceGeometry
import FaceTracking
import Foundation
import Imaging
import MediaIO
import Motion

/// One frame of the driving performance: its time, the driver's pixels when there are any, and
/// the driver's 478 landmarks when a face was found.
struct DrivingFrame {
    var index: Int
    var time: Double
    var image: RGBImage?
    var landmarks: [LandmarkPoint]?
}

/// Where a performance comes from: a video tracked as it plays, or a pose-track file.
protocol DrivingPerformance: AnyObject {
    var frameRate: Rational { get }
    /// The constant rate the output is written at, frames placed by their times
    /// (`VideoWriter.write(_:alpha:sourceTime:)`), so a variable-rate driver keeps its timing.
    var outputFrameRate: Rational { get }
    var frameCount: Int? { get }
    /// The audio to carry into the output, if any.
    var audio: AudioSource? { get }
    /// Landmarks of the first frames, read ahead so a reference frame can be chosen before
    /// rendering starts (nil where no face).
    var lookahead: [[LandmarkPoint]?] { get }
    func next() throws -> DrivingFrame?
}

/// A driving video: decoded and tracked frame by frame. The first `lookahead` frames are tracked
/// once ahead (their landmarks kept, not their pixels), then the clip is read again from the
/// start for rendering and tracking carries on from where the look-ahead stopped.
final class VideoPerformance: DrivingPerformance {
    let path: String
    let reader: VideoReader
    let tracker: VideoFaceTracker
    let frameRate: Rational
    let outputFrameRate: Rational
    let frameCount: Int?
    let audio: AudioSource?
    private(set) var lookahead: [[LandmarkPoint]?] = []
    /// The faces numbered in the frames read ahead, and the number of the one that performs.
    let facesFound: Int
    let face: Int

    /// - Parameter face: `--driver-face`: the number of the face to follow (nil: the largest
    ///   face of the frames read ahead, as `track` chooses).
    init(path: String, models: FaceModelFiles, lookaheadFrames: Int, face: Int? = nil) throws {
        self.path = path
        // Ahead, every face is followed and numbered, so the performer can be chosen.
        let multi = try models.multiFaceTracker()
        let ahead: VideoFaceTracker = face.map { .numbered(multi, face: $0) } ?? .every(multi)
        let aheadReader = try VideoReader(path: path)
        // Read ahead at least `lookaheadFrames`, and on until the reference frame's search window
        // after the first face (a clip may open on an empty shot).
        let search = ReferenceFrame.searchFrames(frameRate: aheadReader.frameRate.doubleValue)
        var firstFace: Int?
        var frames: [[(number: Int, points: [LandmarkPoint])]] = []
        while firstFace.map({ frames.count < max(lookaheadFrames, $0 + search) }) ?? true,
            let frame = try aheadReader.nextFrame()
        {
            let faces = try ahead.faces(in: frame.image)
            if !faces.isEmpty, firstFace == nil { firstFace = frames.count }
            frames.append(faces)
        }
        guard let firstFace else { throw ahead.noFaceError(path: path) }
        let chosen = face ?? VideoFaceTracker.largestFace(in: frames[firstFace...])
        self.face = chosen
        facesFound = multi.nextNumber - 1
        lookahead = frames.map { faces in faces.first { $0.number == chosen }?.points }
        // A driver with one face is followed from here by the single-face tracker (one mesh a
        // frame, the detector only when the face is lost); with several, the look-ahead's
        // tracker carries on, so the faces keep their numbers.
        tracker = face == nil && facesFound == 1 ? .single(try models.videoTracker()) : .numbered(multi, face: chosen)
        reader = try VideoReader(path: path)
        frameRate = reader.frameRate
        outputFrameRate = reader.outputFrameRate
        frameCount = reader.frameCount
        audio = reader.audioStreams.isEmpty ? nil : AudioSource(path: path, startTime: reader.startTime)
    }

    /// The pixels of frame `index`, read from the start of the clip again.
    func image(at index: Int) throws -> RGBImage? {
        let seek = try VideoReader(path: path)
        while let frame = try seek.nextFrame() {
            if frame.index == index { return frame.image }
            if frame.index > index { break }
        }
        return nil
    }

    func next() throws -> DrivingFrame? {
        guard let frame = try reader.nextFrame() else { return nil }
        let points = frame.index < lookahead.count ? lookahead[frame.index] : try tracker.faces(in: frame.image).first?.points
        return DrivingFrame(index: frame.index, time: frame.time, image: frame.image, landmarks: points)
    }
}

/// A pose-track file: the performance without the performer's pixels, streamed.
///
/// The file is read twice, a frame at a time: once at the start to check that every face has
/// its 478 landmarks and to keep the first frames' landmarks (`lookahead`), then again as the
/// render asks for frames. Only those first frames are held, whatever the track's length.
final class TrackPerformance: DrivingPerformance {
    let metadata: TrackMetadata
    let frameRate: Rational
    /// A track records its video's average rate and each frame's time; the output runs at the
    /// rate those times were taken at, as a render from the video itself would.
    let outputFrameRate: Rational
    var frameCount: Int? { metadata.frameCount }
    let audio: AudioSource? = nil
    let lookahead: [[LandmarkPoint]?]
    private let frames: PoseTrackJSONReader

    init(path: String, lookaheadFrames: Int) throws {
        let check = try PoseTrackJSONReader(path: path)
        metadata = check.metadata
        let search = ReferenceFrame.searchFrames(frameRate: metadata.frameRate)
        var firstFace: Int?
        var ahead: [[LandmarkPoint]?] = []
        var allFacesHaveLandmarks = true
        // Every frame's time, for the rate they were taken at (8 bytes a frame, not its landmarks).
        var times: [Double] = []
        try check.forEach { frame in
            times.append(frame.time)
            if frame.faceFound {
                if firstFace == nil { firstFace = check.framesRead - 1 }
                if frame.landmarks?.count != 478 { allFacesHaveLandmarks = false }
            }
            if ahead.count < max(lookaheadFrames, (firstFace ?? Int.max - search) + search) {
                ahead.append(frame.faceFound ? frame.landmarks : nil)
            }
        }
        guard firstFace != nil else { throw RenderError.noDriverFace(path: path) }
        guard allFacesHaveLandmarks else { throw RenderError.trackHasNoLandmarks(path: path) }
        frameRate = Rational(Int32(clamping: metadata.frameRateNumerator), Int32(clamping: max(metadata.frameRateDenominator, 1)))
        outputFrameRate = BaseFrameRate.estimate(times: times, average: frameRate)
        lookahead = ahead
        frames = try PoseTrackJSONReader(path: path)
    }

    func next() throws -> DrivingFrame? {
        guard let f = try frames.next() else { return nil }
        return DrivingFrame(index: f.index, time: f.time, image: nil, landmarks: f.faceFound ? f.landmarks : nil)
    }
}
