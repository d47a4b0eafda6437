/// What a batch does with one item before any work: skip it (finished earlier from the same
/// inputs and settings), adopt it (finished, but its run stopped before writing the manifest
/// entry), render it, or refuse it (its output is someone else's file).
public enum ItemDecision: Equatable, Sendable {
    case skip(BatchManifest.Entry)
    /// The output was put in place by the render this record describes, from the same inputs
    /// and settings; only its manifest entry is missing.
    case adopt(StartedRender)
    /// `overwrite`: the output exists and may be replaced (it is the batch's own, made from inputs
    /// or settings that have changed since, or `--force`).
    case render(overwrite: Bool)
    case refuse(reason: String)

    /// - Parameters:
    ///   - entry: the manifest's entry for the item's output, if any.
    ///   - existingBytes: the output file's size, nil when there is no such file.
    ///   - unrecorded: records of renders that put the file now at the output in place
    ///     (`StartedRender.finished`) but did not write its manifest entry.
    public static func decide(
        entry: BatchManifest.Entry?, clipSHA256: String, characterSHA256: String,
        settings: String, existingBytes: Int64?, force: Bool,
        unrecorded: [StartedRender] = []
    ) -> ItemDecision {
        guard let existingBytes else { return .render(overwrite: false) }
        if force { return .render(overwrite: true) }
        if let entry,
            entry.matches(clipSHA256: clipSHA256, characterSHA256: characterSHA256, settings: settings, bytes: existingBytes)
        {
            return .skip(entry)
        }
        if let started = unrecorded.first(where: {
            $0.matches(
                clipSHA256: clipSHA256, characterSHA256: characterSHA256,
                settings: settings)
        }) {
            return .adopt(started)
        }
        guard entry != nil else {
            if !unrecorded.isEmpty {
                return .refuse(
                    reason: "the output exists, made by an earlier batch from other inputs or settings and not in "
                        + "its manifest (--force replaces it)")
            }
            return .refuse(reason: "the output exists and was not made by this batch (--force replaces it)")
        }
        return .render(overwrite: true)
    }
}
