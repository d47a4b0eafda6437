/// The MediaPipe legacy models actone runs, as shipped in the `mediapipe==0.10.14` wheel: the face
/// models, and the selfie segmentation model that mattes the person in a still (it is needed only
/// by what asks for a person matte, so a missing copy fails only there).
///
/// The set-up script extracts these files into one flat directory and checks them against
/// `Scripts/models.sha256`. The same sums live here as constants so the installed binary can verify
/// models without the checkout; a test keeps the two lists identical.
public enum FaceModel: String, CaseIterable, Sendable, Codable {
    case faceDetectionShortRange
    case faceDetectionFullRangeSparse
    case faceLandmark
    case faceLandmarkWithAttention
    case irisLandmark
    case selfieSegmentation

    /// Name of the file in the models directory (the wheel's basename).
    public var fileName: String {
        switch self {
        case .faceDetectionShortRange: "face_detection_short_range.tflite"
        case .faceDetectionFullRangeSparse: "face_detection_full_range_sparse.tflite"
        case .faceLandmark: "face_landmark.tflite"
        case .faceLandmarkWithAttention: "face_landmark_with_attention.tflite"
        case .irisLandmark: "iris_landmark.tflite"
        case .selfieSegmentation: "selfie_segmentation.tflite"
        }
    }

    /// Where the file sits inside the mediapipe wheel (a zip).
    public var wheelPath: String {
        switch self {
        case .faceDetectionShortRange, .faceDetectionFullRangeSparse:
            "mediapipe/modules/face_detection/\(fileName)"
        case .faceLandmark, .faceLandmarkWithAttention:
            "mediapipe/modules/face_landmark/\(fileName)"
        case .irisLandmark:
            "mediapipe/modules/iris_landmark/\(fileName)"
        case .selfieSegmentation:
            "mediapipe/modules/selfie_segmentation/\(fileName)"
        }
    }

    /// One line for `actone models`.
    public var purpose: String {
        switch self {
        case .faceDetectionShortRange:
            "face detector, 128x128 input, faces within about 2 m of the camera"
        case .faceDetectionFullRangeSparse:
            "face detector, 192x192 input, faces up to about 5 m away"
        case .faceLandmark:
            "face mesh, 468 3D landmarks from a 192x192 face crop"
        case .faceLandmarkWithAttention:
            "face mesh with refined lips, eyes and irises (478 landmarks; needs MediaPipe custom ops)"
        case .irisLandmark:
            "iris and eye contour landmarks from a 64x64 eye crop"
        case .selfieSegmentation:
            "person matte of a whole image at 256x256 (selfie segmentation, general model; needs a MediaPipe custom op)"
        }
    }

    /// Lowercase hex SHA-256 of the file in the 0.10.14 wheel; must equal `Scripts/models.sha256`
    /// (these also match the sums in the wheel's own RECORD file).
    public var expectedSHA256: String {
        switch self {
        case .faceDetectionShortRange: "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8"
        case .faceDetectionFullRangeSparse: "2c3728e6da56f21e21a320433396fb06d40d9088f2247c05e5635a688d45dfe1"
        case .faceLandmark: "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814"
        case .faceLandmarkWithAttention: "e06a804e0144f9929eda782122916b35d60c697c3c9344013ca2bbe76a6ce2b4"
        case .irisLandmark: "d1744d2a09c25f501d39eba4faff47e53ecca8852c5ce19bce8eeac39357521f"
        case .selfieSegmentation: "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c"
        }
    }

    /// Size in bytes of the file in the 0.10.14 wheel: a file of another size is refused before
    /// it is hashed (a link to /dev/zero or a huge file would otherwise be read for ever).
    public var expectedSize: Int64 {
        switch self {
        case .faceDetectionShortRange: 229_714
        case .faceDetectionFullRangeSparse: 676_746
        case .faceLandmark: 1_242_398
        case .faceLandmarkWithAttention: 2_495_106
        case .irisLandmark: 2_640_568
        case .selfieSegmentation: 249_505
        }
    }

    /// Every model's expected sum, the default that `ModelLocator` verifies against.
    public static var catalogSHA256: [FaceModel: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.expectedSHA256) })
    }

    /// The PyPI distribution the files come from; the set-up script downloads exactly this.
    public static let sourceDistribution = "mediapipe==0.10.14"
}
