import FaceTracking

extension FaceModelFiles {
    /// A tracker following every face of a video (`track`, `inspect`, `render --driver-face`),
    /// with the same detector and mesh as `videoTracker()`.
    public func multiFaceTracker() throws -> MultiFaceTracker {
        MultiFaceTracker(mesh: try FaceMesh(modelPath: attentionMesh, attentionModel: true), detector: try videoDetector())
    }
}
