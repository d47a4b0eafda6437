import FaceGeometry

/// The driver frame a render takes as the character's rest: the one the user named, or the
/// calmest face of the search window (`ReferenceFrame`), from the landmarks read ahead.
public enum ReferenceChoice {
    public enum Failure: Error, Equatable, Sendable {
        /// No frame read ahead has a face.
        case noFace
        /// The named frame is past the end of the clip (or of what was read ahead).
        case outOfRange(index: Int, frames: Int)
        /// The named frame has no face.
        case noFaceInFrame(index: Int)
    }

    /// - Parameters:
    ///   - lookahead: landmarks of the first frames, nil where no face was found.
    ///   - frameRate: frames per second, for the length of the search window.
    ///   - requested: the frame the user named (`--neutral N`), or nil for the automatic choice.
    ///   - frameCount: the clip's frame count where known, to refuse a named frame past its end.
    /// - Returns: the chosen frame's index in `lookahead`.
    public static func choose(
        lookahead: [[LandmarkPoint]?], frameRate: Double, requested: Int?,
        frameCount: Int?
    ) throws(Failure) -> Int {
        if let index = requested {
            if let frameCount, index >= frameCount { throw .outOfRange(index: index, frames: frameCount) }
            guard index < lookahead.count else { throw .outOfRange(index: index, frames: lookahead.count) }
            guard lookahead[index] != nil else { throw .noFaceInFrame(index: index) }
            return index
        }
        let window = searchWindow(lookahead: lookahead, frameRate: frameRate)
        guard let best = ReferenceFrame.calmest(Array(window)) else { throw .noFace }
        return window.startIndex + best
    }

    /// The frames an automatic reference is chosen from: `ReferenceFrame.searchFrames` from the
    /// first face on (a clip may open on an empty shot). Indices are those of `lookahead`.
    public static func searchWindow(lookahead: [[LandmarkPoint]?], frameRate: Double) -> ArraySlice<[LandmarkPoint]?> {
        let first = lookahead.firstIndex { $0 != nil } ?? 0
        let search = ReferenceFrame.searchFrames(frameRate: frameRate)
        return lookahead[first..<min(lookahead.count, first + search)]
    }
}
