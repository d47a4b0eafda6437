import Motion

/// Each face's tracked frames while a clip is read: one `TrackedFrameSpool` per face that may be
/// written, holding a record for every frame of the clip (no face where it was not followed), and
/// what its neutral is chosen from. A face that appears mid-clip gets the frames before it as
/// frames without a face, so every face's track covers the whole clip.
final class FaceSpools {
    private(set) var spools: [Int: TrackedFrameSpool] = [:]
    private(set) var calibrations: [Int: NeutralCalibration] = [:]
    private(set) var framesWithFace: [Int: Int] = [:]
    /// Each face's measures on the `--neutral N` frame, where it is there.
    private(set) var neutralFrameMeasures: [Int: FaceMeasures] = [:]
    /// Index and time of every frame so far (16 bytes each), to fill in before a late face.
    private var frames: [(index: Int, time: Double)] = []
    private let neutralFrame: Int?
    private let keeps: (Int) -> Bool

    /// - Parameters:
    ///   - neutralFrame: `--neutral N`'s frame, whose measures are kept per face.
    ///   - keeps: whether a face's frames may be written (the others are counted, not spooled).
    init(neutralFrame: Int?, keeps: @escaping (Int) -> Bool) {
        self.neutralFrame = neutralFrame
        self.keeps = keeps
    }

    func append(index: Int, time: Double, faces: [NumberedFace]) throws {
        for numbered in faces where keeps(numbered.number) {
            let number = numbered.number
            if spools[number] == nil {
                let spool = try TrackedFrameSpool()
                for earlier in frames { try spool.append(index: earlier.index, time: earlier.time, face: nil) }
                spools[number] = spool
                calibrations[number] = NeutralCalibration()
            }
            calibrations[number]!.add(numbered.face.estimate.measures)
            framesWithFace[number, default: 0] += 1
            if neutralFrame == index { neutralFrameMeasures[number] = numbered.face.estimate.measures }
        }
        for (number, spool) in spools {
            try spool.append(index: index, time: time, face: faces.first { $0.number == number }?.face.landmarks)
        }
        frames.append((index, time))
    }
}
