/// MediaPipe's custom operators used by face_landmark_with_attention.tflite.
extension KernelRegistry {
    public static let mediaPipeCustomOps = KernelRegistry([:])
}
