/// Why a batch cannot start (problems with single items are not errors: they fail alone and are
/// reported). Each reads as one line after `actone: `.
public enum BatchError: Error, CustomStringConvertible, Equatable {
    case notAFolder(path: String)
    case unreadableFolder(path: String, reason: String)
    case noClips(folder: String, extensions: [String])
    case outputIsClipFolder(path: String)
    case missingCharacter(path: String)
    case noCharacters(folder: String)
    case outputNameClash(output: String, first: String, second: String)
    case cannotCreateFolder(path: String, reason: String)
    /// The manifests' lock file (`ManifestLock`) cannot be opened or locked.
    case cannotLockManifest(path: String, reason: String)
    case badShard(String)
    case badReport(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path): not a folder (give the folder that holds the clips)"
        case .unreadableFolder(let path, let reason): "\(path): cannot list the folder: \(reason)"
        case .noClips(let folder, let extensions):
            "\(folder): no clips ending in \(extensions.map { "." + $0 }.joined(separator: ", ")) "
                + "(see --extensions and --recursive)"
        case .outputIsClipFolder(let path):
            "\(path): the output folder cannot be the clips folder (the next run would take the outputs for clips)"
        case .missingCharacter(let path): "\(path): no such character image or folder"
        case .noCharacters(let folder): "\(folder): no character images or videos in the folder"
        case .outputNameClash(let output, let first, let second):
            "\(first) and \(second) would both be written to \(output); rename one of them"
        case .cannotCreateFolder(let path, let reason): "cannot create \(path): \(reason)"
        case .cannotLockManifest(let path, let reason): "cannot lock \(path): \(reason)"
        case .badShard(let reason): reason
        case .badReport(let path, let reason): "\(path): \(reason)"
        }
    }
}
