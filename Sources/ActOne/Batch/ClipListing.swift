import Foundation

/// The driving clips of a batch: the files in a folder (with `recursive`, in its subfolders too)
/// whose extension is one of `extensions`, sorted by their path inside the folder so that every
/// shard of a batch, on any machine, sees the same list in the same order.
///
/// Names starting with a dot are passed over: they are hidden files, the partial files of writes
/// in progress, and the batch's own cache and manifest folders when the output folder lies inside
/// the clips folder. The output folder itself is never searched.
public struct ClipListing: Sendable {
    /// What `--extensions` is when not given: the containers FFmpeg reads that cameras and editors write.
    public static let defaultExtensions = ["mp4", "mov", "m4v", "mkv", "webm", "avi"]

    public struct Clip: Sendable, Hashable {
        /// The path to open: the folder as given joined with `relativePath`.
        public var path: String
        /// Where the clip is inside the clips folder (`take1.mp4`, `day2/take1.mp4`); outputs
        /// mirror its subfolders.
        public var relativePath: String
    }

    public var clips: [Clip]
    /// Subfolders that could not be listed: reported, and their clips left out.
    public var unreadableFolders: [(path: String, reason: String)]

    public init(folder: String, recursive: Bool, extensions: [String], excluding excludedFolder: String? = nil) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BatchError.notAFolder(path: folder)
        }
        let wanted = Set(extensions.map { $0.lowercased() })
        let excluded = excludedFolder.map(Self.canonical)
        // Outputs written among the clips would be taken for clips by the next run.
        if let excluded, excluded == Self.canonical(folder) { throw BatchError.outputIsClipFolder(path: folder) }
        var clips: [Clip] = []
        var unreadable: [(String, String)] = []

        func visit(_ relative: String) throws {
            let here = relative.isEmpty ? folder : folder + "/" + relative
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: here)
            } catch {
                guard !relative.isEmpty else { throw BatchError.unreadableFolder(path: folder, reason: Self.reason(error)) }
                unreadable.append((here, Self.reason(error)))
                return
            }
            for name in names where !name.hasPrefix(".") {
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                let child = folder + "/" + childRelative
                var childIsDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: child, isDirectory: &childIsDirectory) else { continue }
                if childIsDirectory.boolValue {
                    if recursive && Self.canonical(child) != excluded { try visit(childRelative) }
                } else if wanted.contains(URL(fileURLWithPath: name).pathExtension.lowercased()) {
                    clips.append(Clip(path: child, relativePath: childRelative))
                }
            }
        }
        try visit("")
        // Sorted by Unicode scalars, not by the locale's collation, so the order is the same everywhere.
        self.clips = clips.sorted { $0.relativePath.unicodeScalars.lexicographicallyPrecedes($1.relativePath.unicodeScalars) }
        unreadableFolders = unreadable.sorted { $0.0 < $1.0 }
        guard !self.clips.isEmpty else { throw BatchError.noClips(folder: folder, extensions: extensions) }
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(code)))
        }
        return error.localizedDescription
    }
}
