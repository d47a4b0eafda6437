/// Where one model file was found and what state it is in.
public struct ModelLocation: Sendable, Equatable {
    public let model: FaceModel
    /// The file's path, or nil when `.missing`.
    public let path: String?
    /// Size in bytes, when `path` names a file whose size could be read.
    public let sizeBytes: Int64?
    public let status: ModelStatus
    /// The sum the file was checked against (normally `model.expectedSHA256`).
    public let expectedSHA256: String

    public init(model: FaceModel, path: String?, sizeBytes: Int64?, status: ModelStatus, expectedSHA256: String) {
        self.model = model
        self.path = path
        self.sizeBytes = sizeBytes
        self.status = status
        self.expectedSHA256 = expectedSHA256
    }
}

/// JSON shape, flat so scripts can read it without knowing Swift's enum encoding:
/// `{"model", "fileName", "purpose", "path", "sizeBytes", "status", "expectedSHA256",
///   "actualSHA256" (only for checksumMismatch), "reason" (only for unreadable)}`.
/// `fileName` and `purpose` are written for readers and recomputed from `model` when decoding.
extension ModelLocation: Codable {
    private enum CodingKeys: String, CodingKey {
        case model, fileName, purpose, path, sizeBytes, status, expectedSHA256, actualSHA256, reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(model.fileName, forKey: .fileName)
        try container.encode(model.purpose, forKey: .purpose)
        // Explicit nulls: a consumer sees "path": null rather than wondering whether the key exists.
        try container.encode(path, forKey: .path)
        try container.encode(sizeBytes, forKey: .sizeBytes)
        try container.encode(status.code, forKey: .status)
        try container.encode(expectedSHA256, forKey: .expectedSHA256)
        switch status {
        case .checksumMismatch(let actual): try container.encode(actual, forKey: .actualSHA256)
        case .unreadable(let reason): try container.encode(reason, forKey: .reason)
        case .verified, .missing: break
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(FaceModel.self, forKey: .model)
        path = try container.decodeIfPresent(String.self, forKey: .path)
        sizeBytes = try container.decodeIfPresent(Int64.self, forKey: .sizeBytes)
        expectedSHA256 = try container.decode(String.self, forKey: .expectedSHA256)
        let code = try container.decode(String.self, forKey: .status)
        switch code {
        case "verified": status = .verified
        case "missing": status = .missing
        case "checksumMismatch": status = .checksumMismatch(actual: try container.decode(String.self, forKey: .actualSHA256))
        case "unreadable": status = .unreadable(try container.decode(String.self, forKey: .reason))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .status, in: container, debugDescription: "unknown model status \"\(code)\"")
        }
    }
}
