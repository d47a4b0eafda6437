import FaceGeometry
import FaceTracking
import Motion

/// What `TrackSummary` needs of a track's landmarks, measured while the file streams by, so the
/// frames can be kept without them: 8 bytes a frame instead of 6 KB.
public struct TrackLandmarkFacts: Sendable {
    /// `TrackJitter.landmarkWobble` of each frame but the first and last (`wobbles[i]` belongs to
    /// frame i + 1), nil where it or a neighbour has no face.
    public var wobbles: [Double?]
    /// The reference frame render would choose (`TrackSummary.referenceFrame`).
    public var referenceFrame: Int?
}

/// Builds `TrackLandmarkFacts` a frame at a time, holding the landmarks of the last three
/// frames and of the reference frame's search window only.
struct TrackLandmarkFactsBuilder {
    private let searchFrames: Int
    private var previous: (FrameMotion, FrameMotion)?
    private var first: FrameMotion?
    private var wobbles: [Double?] = []
    /// The search window from the first face: each frame's index and landmarks (nil: no face).
    private var window: [(index: Int, landmarks: [LandmarkPoint]?)] = []
    private var windowUsable = true

    init(frameRate: Double) {
        searchFrames = ReferenceFrame.searchFrames(frameRate: frameRate)
    }

    mutating func add(_ frame: FrameMotion) {
        if let (a, b) = previous {
            wobbles.append(a.faceFound && b.faceFound && frame.faceFound ? TrackJitter.landmarkWobble(a, b, frame) : nil)
            previous = (b, frame)
        } else if let first {
            previous = (first, frame)
        } else {
            first = frame
        }
        if (frame.faceFound || !window.isEmpty), window.count < searchFrames {
            window.append((frame.index, frame.faceFound ? frame.landmarks : nil))
            if frame.faceFound, frame.landmarks?.count != 478 { windowUsable = false }
        }
    }

    func finish() -> TrackLandmarkFacts {
        let reference =
            windowUsable && !window.isEmpty
            ? ReferenceFrame.calmest(window.map(\.landmarks)).map { window[$0].index } : nil
        return TrackLandmarkFacts(wobbles: wobbles, referenceFrame: reference)
    }
}
