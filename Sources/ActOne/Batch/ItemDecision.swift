/// What a batch does with one item before any work: skip it (finished earlier from the same
/// inputs and settings), render it, or refuse it (its output is someone else's file).
public enum ItemDecision: Equatable, Sendable {
    case skip(BatchManifest.Entry)
    /// `overwrite`: the output exists and may be replaced (it is the batch's own, made from inputs
    /// or settings that have changed since, or `--force`).
    case render(overwrite: Bool)
    case refuse(reason: String)

    /// - Parameters:
    ///   - entry: the manifest's entry for the item's output, if any.
    ///   - existingBytes: the output file's size, nil when there is no such file.
    public static func decide(entry: BatchManifest.Entry?, clipSHA256: String, characterSHA256: String,
                              settings: String, existingBytes: Int64?, force: Bool) -> ItemDecision {
        guard let existingBytes else { return .render(overwrite: false) }
        if force { return .render(overwrite: true) }
        guard let entry else {
            return .refuse(reason: "the output exists and was not made by this batch (--force replaces it)")
        }
        let unchanged = entry.clipSHA256 == clipSHA256 && entry.characterSHA256 == characterSHA256
            && entry.settings == settings && entry.bytes == existingBytes
        return unchanged ? .skip(entry) : .render(overwrite: true)
    }
}
