import Imaging

/// Follows every face of a video, each numbered, as `FaceTracker` follows one.
///
/// Each followed face is meshed in the region its previous landmarks give, as in MediaPipe's
/// multi-face graph. The detector runs on the first frame, at a cut (`SceneChange`), while a face
/// lost in the last `searchAfterLoss` frames may come back, while no face is followed, and every `detectionInterval`
/// frames, so a face that walks in is found within that many frames. A detection whose box
/// centre lies in a followed face's box is that face; the others are meshed, and those the mesh
/// accepts and that are not a followed face seen twice become new faces.
///
/// Numbers: the new faces of a frame are numbered left to right by box centre, after the numbers
/// already given; a number stays with its face while it is followed. A face found again near where
/// a lost face was last seen (`SameFace.returning`: about its size, its centre within a face
/// width), however long it was gone and across cuts, gets that number back: without telling
/// people apart by their looks, a face that comes back to its place is taken to be the same, so a
/// performer who turns away, is hidden or steps out for a moment keeps one number (and one track).
///
/// Costs one mesh per face per frame, plus the detector on some frames; with one face wanted,
/// `FaceTracker` is cheaper (it never looks for another).
public final class MultiFaceTracker {
    public typealias Detector = (RGBImage) throws -> [FaceDetection]
    /// The mesh in a region; nil when it finds no face there (presence below the threshold).
    public typealias Landmarker = (RGBImage, RegionOfInterest) throws -> FaceLandmarks?

    public struct Settings: Sendable {
        /// Frames between detector passes while faces are followed: about a second at 25-30 fps,
        /// so a face that walks in is found within a second. A pass costs about two thirds of a
        /// mesh; every 10 frames made `track` on a one-face clip 4 % slower than `FaceTracker`,
        /// every 30 makes it about 1 %. Cuts and lost faces run the detector at once anyway.
        public var detectionInterval = 30
        /// Frames after a face is lost during which the detector runs on every frame, so that it is
        /// found again at once when it comes back (later, the regular passes find it).
        public var searchAfterLoss = 15
        /// At most this many faces are followed (the rest wait until one is lost).
        public var maximumFaces = 16
        public init() {}
    }

    private struct LostFace {
        var number: Int
        var box: Rect
        var frame: Int
    }

    public var settings: Settings
    private let detect: Detector
    private let landmarks: Landmarker
    private var followed: [FollowedFace] = []
    private var lost: [LostFace] = []
    private var scene = SceneChange()
    private var frame = -1
    private var lastDetection = Int.min / 2
    /// The next number to give.
    public private(set) var nextNumber = 1

    public init(settings: Settings = Settings(), detector: @escaping Detector, landmarker: @escaping Landmarker) {
        self.settings = settings
        self.detect = detector
        self.landmarks = landmarker
    }

    /// With MediaPipe's mesh (and irises added when the mesh has none), keeping faces whose
    /// presence is at least `minPresence`, as `FaceTracker` does.
    public convenience init(
        mesh: FaceMesh, iris: IrisLandmarker? = nil, minPresence: Float = 0.5, settings: Settings = Settings(),
        detector: @escaping Detector
    ) {
        self.init(settings: settings, detector: detector) { image, region in
            var result = try mesh.landmarks(in: image, region: region)
            guard result.presence >= minPresence else { return nil }
            if !result.hasIrises, let iris { result = try iris.refined(result, in: image) }
            return result
        }
    }

    /// Forgets every face and the numbers given (the next frame is a first frame).
    public func reset() {
        followed = []
        lost = []
        scene.reset()
        frame = -1
        lastDetection = Int.min / 2
        nextNumber = 1
    }

    /// The faces in this frame, in number order. Frames must come in order.
    public func track(_ image: RGBImage) throws -> [FollowedFace] {
        frame += 1
        let cut = scene.isCut(image)

        // Follow each face by the region its last landmarks give.
        var kept: [FollowedFace] = []
        for face in followed {
            guard let region = FaceRegion.region(forLandmarks: face.landmarks.points),
                let found = try landmarks(image, region)
            else {
                lost.append(LostFace(number: face.number, box: face.box, frame: frame))
                continue
            }
            let moved = FollowedFace(number: face.number, landmarks: found)
            // Two meshes that slid onto one head: the older number keeps it.
            if kept.contains(where: { SameFace.boxes($0.box, moved.box) }) { continue }
            kept.append(moved)
        }
        followed = kept

        let due =
            frame == 0 || cut || followed.isEmpty || lost.contains { frame - $0.frame <= settings.searchAfterLoss }
            || frame - lastDetection >= settings.detectionInterval
        if due, followed.count < settings.maximumFaces {
            lastDetection = frame
            try addNewFaces(in: image)
        }
        return followed
    }

    private func addNewFaces(in image: RGBImage) throws {
        var found: [FollowedFace] = []
        for detection in try detect(image).sorted(by: { $0.score > $1.score }) {
            guard followed.count + found.count < settings.maximumFaces else { break }
            if followed.contains(where: { SameFace.detection(detection.box, isOf: $0.box) }) { continue }
            if found.contains(where: { SameFace.detection(detection.box, isOf: $0.box) }) { continue }
            guard let points = try landmarks(image, FaceRegion.region(for: detection)) else { continue }
            let face = FollowedFace(number: 0, landmarks: points)
            if followed.contains(where: { SameFace.boxes($0.box, face.box) }) { continue }
            if found.contains(where: { SameFace.boxes($0.box, face.box) }) { continue }
            found.append(face)
        }
        guard !found.isEmpty else { return }
        found.sort { $0.box.center.x < $1.box.center.x }
        for i in found.indices {
            let candidates = lost.indices.filter { SameFace.returning(lost[$0].box, found[i].box) }
            if let back = candidates.min(by: {
                lost[$0].box.center.distance(to: found[i].box.center) < lost[$1].box.center.distance(to: found[i].box.center)
            }) {
                found[i].number = lost[back].number
                lost.remove(at: back)
            }
        }
        for i in found.indices where found[i].number == 0 {
            found[i].number = nextNumber
            nextNumber += 1
        }
        followed = (followed + found).sorted { $0.number < $1.number }
    }
}
