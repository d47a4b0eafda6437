import Foundation

/// Hints for the two slips a new user makes most: a mistyped command name, which the default
/// command would otherwise take for a driving video (`actone trak d0.mp4`), and the driving video
/// and character image given the wrong way round. Both are decided from names alone, before any
/// file is opened.
enum CommandHint {
    /// "did you mean" for a first argument that is neither an option, a command nor a file, and is
    /// a typing slip away from a command's name.
    static func mistypedCommand(_ arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first),
            !FileManager.default.fileExists(atPath: first),
            !first.contains("/"), !first.contains(".")
        else { return nil }
        let scored = commands.map { ($0, editDistance(first.lowercased(), $0)) }.filter { $0.1 <= max(1, $0.0.count / 3) }
        guard let best = scored.min(by: { $0.1 < $1.1 })?.0 else { return nil }
        let rest = arguments.dropFirst().joined(separator: " ")
        return "actone: '\(first)' is neither a command nor a file; did you mean 'actone \(best)\(rest.isEmpty ? "" : " " + rest)'?"
    }

    /// For `render DRIVER CHARACTER`: an image given first and a video second.
    static func swappedArguments(driving: String, character: String) -> String? {
        guard MediaNames.isImage(driving), MediaNames.isVideo(character) else { return nil }
        return "\(driving) is an image and \(character) a video: the driving video comes first "
            + "(actone \(character) \(driving))"
    }

    /// Levenshtein distance: insertions, deletions and substitutions, each costing one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// What a file's name says it holds; only for hints (the media layer decides from the content).
enum MediaNames {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif"]
    static let videoExtensions: Set<String> = ["mp4", "mov", "m4v", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "flv", "wmv"]

    static func isImage(_ path: String) -> Bool { imageExtensions.contains(fileExtension(path)) }
    static func isVideo(_ path: String) -> Bool { videoExtensions.contains(fileExtension(path)) }
    private static func fileExtension(_ path: String) -> String { URL(fileURLWithPath: path).pathExtension.lowercased() }
}
