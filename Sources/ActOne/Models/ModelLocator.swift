import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the model files and checks them against the catalogue.
///
/// Search order, first match wins per file (so a partial `--models` directory can override just
/// one model and take the rest from an installation):
///  1. `--models DIR` (`explicitDirectory`)
///  2. `$ACTONE_MODELS`
///  3. `models/` in each of the first 5 ancestors of the executable's real path, which covers
///     `<checkout>/.build/release/actone` and `<checkout>/.build/<triple>/release/actone`
///  4. `$XDG_DATA_HOME/actone/models` (default `~/.local/share/actone/models`)
///  5. `/usr/local/share/actone/models`, `/usr/share/actone/models`
///
/// Everything machine-specific (environment, executable path, system directories, expected sums)
/// is a parameter with the real value as default, so tests can build a locator over temp dirs.
public struct ModelLocator: Sendable {
    /// Directories in search order, duplicates removed. Includes ones that do not exist: they are
    /// still "where actone looked", which error messages report.
    public let searchLocations: [ModelSearchLocation]
    /// The sums files are verified against.
    public let expectedSHA256: [FaceModel: String]

    public static let environmentVariable = "ACTONE_MODELS"
    /// How many ancestor directories of the executable get a `models/` candidate.
    public static let executableAncestorCount = 5
    public static let systemDirectories = ["/usr/local/share/actone/models", "/usr/share/actone/models"]

    /// Throws `.badSearchDirectory` when `explicitDirectory` or `$ACTONE_MODELS` is not an existing
    /// directory. An empty `ACTONE_MODELS` counts as unset, the usual shell convention.
    public init(
        explicitDirectory: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = ModelLocator.currentExecutablePath(),
        systemDirectories: [String] = ModelLocator.systemDirectories,
        expectedSHA256: [FaceModel: String] = FaceModel.catalogSHA256
    ) throws(ModelError) {
        var locations: [ModelSearchLocation] = []

        if let explicitDirectory {
            let location = ModelSearchLocation(path: Self.absolute(explicitDirectory), origin: .explicitOption)
            try Self.requireDirectory(location)
            locations.append(location)
        }
        if let fromEnvironment = environment[Self.environmentVariable], !fromEnvironment.isEmpty {
            let location = ModelSearchLocation(path: Self.absolute(fromEnvironment), origin: .environmentVariable)
            try Self.requireDirectory(location)
            locations.append(location)
        }
        if let executablePath {
            for ancestor in Self.ancestors(of: Self.realPath(executablePath), limit: Self.executableAncestorCount) {
                locations.append(ModelSearchLocation(path: ancestor + "/models", origin: .executableAncestor))
            }
        }
        if let dataHome = Self.userDataHome(environment: environment) {
            locations.append(ModelSearchLocation(path: dataHome + "/actone/models", origin: .userData))
        }
        for directory in systemDirectories {
            locations.append(ModelSearchLocation(path: Self.absolute(directory), origin: .system))
        }

        var seen = Set<String>()
        self.searchLocations = locations.filter { seen.insert($0.path).inserted }
        self.expectedSHA256 = expectedSHA256
    }

    /// Finds `model` and verifies it. Never throws: every problem becomes a `ModelStatus`.
    public func locate(_ model: FaceModel) -> ModelLocation {
        let expected = expectedSHA256[model] ?? model.expectedSHA256
        for location in searchLocations {
            let path = location.path + "/" + model.fileName
            // lstat, not stat: a broken symlink or a directory with the model's name is still
            // "found here" and reported as unreadable, instead of silently falling through to
            // another copy further down the list.
            var entry = stat()
            guard lstat(path, &entry) == 0 else { continue }
            return Self.inspect(model: model, path: path, expected: expected)
        }
        return ModelLocation(model: model, path: nil, sizeBytes: nil, status: .missing, expectedSHA256: expected)
    }

    /// The verified file for `model`, or a `ModelError` whose description tells the user what to do.
    public func resolve(_ model: FaceModel) throws(ModelError) -> URL {
        let location = locate(model)
        switch location.status {
        case .verified:
            return URL(fileURLWithPath: location.path!)
        case .missing:
            throw .missing(model, searched: searchLocations.map(\.path))
        case .checksumMismatch(let actual):
            throw .checksumMismatch(model, path: location.path!, expected: location.expectedSHA256, actual: actual)
        case .unreadable(let reason):
            throw .unreadable(model, path: location.path!, reason: reason)
        }
    }

    /// Every model's location and status, for `actone models`.
    public func report() -> ModelReport {
        ModelReport(searched: searchLocations, models: FaceModel.allCases.map(locate))
    }

    // MARK: - Executable path

    /// The running executable's path, or nil if the platform will not say.
    /// On Linux `/proc/self/exe` is authoritative (argv[0] may be relative or a PATH lookup).
    public static func currentExecutablePath() -> String? {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return path
            }
        #endif
        return Bundle.main.executablePath
    }

    // MARK: - Helpers

    private static func inspect(model: FaceModel, path: String, expected: String) -> ModelLocation {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "broken symbolic link" : String(cString: strerror(errno))
            return ModelLocation(
                model: model, path: path, sizeBytes: nil, status: .unreadable(reason),
                expectedSHA256: expected)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            return ModelLocation(
                model: model, path: path, sizeBytes: nil,
                status: .unreadable("is a directory, not a file"), expectedSHA256: expected)
        }
        // A FIFO, a device (a link to /dev/zero) or a socket would be read for ever or not at all.
        if (info.st_mode & S_IFMT) != S_IFREG {
            return ModelLocation(
                model: model, path: path, sizeBytes: nil,
                status: .unreadable("is not a regular file (a FIFO, a device or a socket)"), expectedSHA256: expected)
        }
        let size = Int64(info.st_size)
        // The released file has a known size: any other is refused without reading it.
        if expected.lowercased() == model.expectedSHA256, size != model.expectedSize {
            return ModelLocation(
                model: model, path: path, sizeBytes: size,
                status: .unreadable("is \(size) bytes; the released model is \(model.expectedSize) bytes"),
                expectedSHA256: expected)
        }
        let status: ModelStatus
        do {
            let actual = SHA256.hexString(try SHA256.hashFile(atPath: path))
            status = actual == expected.lowercased() ? .verified : .checksumMismatch(actual: actual)
        } catch {
            status = .unreadable(error.reason)
        }
        return ModelLocation(model: model, path: path, sizeBytes: size, status: status, expectedSHA256: expected)
    }

    private static func requireDirectory(_ location: ModelSearchLocation) throws(ModelError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location.path, isDirectory: &isDirectory) else {
            throw .badSearchDirectory(location, reason: "does not exist")
        }
        guard isDirectory.boolValue else {
            throw .badSearchDirectory(location, reason: "is not a directory")
        }
    }

    /// `$XDG_DATA_HOME` if set to an absolute path (the XDG spec says to ignore relative ones),
    /// else `$HOME/.local/share`, else nil. Read from `environment`, not the process, so tests are hermetic.
    private static func userDataHome(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return absolute(xdg)
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return absolute(home) + "/.local/share"
        }
        return nil
    }

    /// Up to `limit` ancestor directories, nearest first. Stops before `/`: a top-level `/models`
    /// is nothing of ours, and this list is about source checkouts.
    private static func ancestors(of path: String, limit: Int) -> [String] {
        var result: [String] = []
        var current = URL(fileURLWithPath: path)
        while result.count < limit {
            current = current.deletingLastPathComponent()
            let directory = current.path
            if directory == "/" || directory.isEmpty { break }
            result.append(directory)
        }
        return result
    }

    /// Symlinks resolved (a `/usr/local/bin/actone` link into a checkout should find the checkout's
    /// models); the path unchanged but absolute if it does not exist.
    private static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return absolute(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Absolute and standardized (no `.`/`..`/trailing slash), relative paths taken from the
    /// current directory. Symlinks are kept, so messages show the path the user gave.
    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
