import Imaging

extension StillImageFaceFinder {
    /// Every face in a still, numbered as a video's faces are on the first frame where they
    /// appear: left to right by landmark box centre (`MultiFaceTracker`). All the detector's
    /// stages are asked (`detectAll`: a group's small faces too), and, as the video tracker
    /// does, a detection counts only when the mesh finds a face in it (presence at least
    /// `minPresence`: the tiles' few false detections on clothes or walls do not) and is not a
    /// face already found.
    public func facesLeftToRight(in image: RGBImage, minPresence: Float = 0.5) throws -> [DetectedFace] {
        var found: [(face: DetectedFace, box: Rect)] = []
        for detection in try detector.detectAll(in: image).sorted(by: { $0.score > $1.score }) {
            if found.contains(where: { SameFace.detection(detection.box, isOf: $0.box) }) { continue }
            let first = try mesh.landmarks(in: image, region: FaceRegion.region(for: detection))
            guard first.presence >= minPresence else { continue }
            let box = FollowedFace.box(of: first)
            if found.contains(where: { SameFace.boxes($0.box, box) }) { continue }
            found.append((DetectedFace(landmarks: first, detectorScore: detection.score), box))
        }
        return try found.sorted { $0.box.center.x < $1.box.center.x }.map { entry in
            var face = entry.face
            face.landmarks = try refined(face.landmarks, in: image)
            return face
        }
    }
}
