import Foundation

/// The characters of a batch, from the command line's arguments: a file is taken as it is
/// (whether it can be read is found out when it is used, and only its items fail); a folder gives
/// the images and the videos (character clips) directly inside it, sorted by name. Order: as
/// given, each path once.
public enum CharacterListing {
    /// Extensions a character folder is searched for (a file given by name may have any).
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff"]
    public static let extensions: Set<String> = imageExtensions.union(ClipListing.defaultExtensions)

    public static func characters(from arguments: [String]) throws -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw BatchError.missingCharacter(path: argument)
            }
            let paths: [String]
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: argument)
                } catch {
                    throw BatchError.unreadableFolder(path: argument, reason: ClipListing.reason(error))
                }
                paths = names.filter { !$0.hasPrefix(".") && extensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
                    .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                    .map { argument + "/" + $0 }
                guard !paths.isEmpty else { throw BatchError.noCharacters(folder: argument) }
            } else {
                paths = [argument]
            }
            for path in paths where seen.insert(ClipListing.canonical(path)).inserted { found.append(path) }
        }
        return found
    }
}
