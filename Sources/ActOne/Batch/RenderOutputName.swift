import Foundation

/// How a render's output is named when none is given: `<driving>_<character>.mp4`, from the two
/// inputs' names without their extensions (and without the `.track` of a pose track). `actone
/// render` and `actone batch` both use it, so a batch output has the name a single render of the
/// same pair would write.
public enum RenderOutputName {
    /// `clips/take 1.mp4` -> `take 1`; `drive.track.json` -> `drive`.
    public static func stem(of path: String) -> String {
        var name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if name.hasSuffix(".track") { name.removeLast(".track".count) }
        return name
    }

    public static func fileName(driving: String, character: String) -> String {
        "\(stem(of: driving))_\(stem(of: character)).mp4"
    }
}
