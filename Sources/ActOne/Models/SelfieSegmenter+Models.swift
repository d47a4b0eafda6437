import FaceTracking

extension SelfieSegmenter {
    /// The person-matte model found and verified as every model is (`--models DIR`,
    /// `$ACTONE_MODELS`, models/ beside the checkout, the data directories; see `ModelLocator`).
    /// Only what asks for a person matte needs `selfie_segmentation.tflite`: a missing or corrupt
    /// copy fails here, as a `ModelError` whose description is one line naming the file, where
    /// actone looked and how to install it.
    public convenience init(modelsDirectory: String?) throws {
        try self.init(locator: try ModelLocator(explicitDirectory: modelsDirectory))
    }

    convenience init(locator: ModelLocator) throws {
        try self.init(modelPath: try locator.resolve(.selfieSegmentation).path)
    }
}
