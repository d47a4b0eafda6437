import Foundation
import OutputFiles

/// What an item's render was started from, written before the render begins and removed once its
/// manifest entry is written: `OUT/.actone-batch/started/<SHA-256 of the output's name>-<pid>.json`.
///
/// An output is renamed into place complete, but its manifest entry is written a moment later;
/// a process killed in between (SIGKILL cannot be caught) used to leave a finished output that
/// every later run refused as not its own. With this record a later run can tell that the file
/// there is the one this render put in place (it is not the file the render set out to replace)
/// and what it was made from, and adopt it when those are the inputs and settings it would use.
/// Each process writes its own record (the pid in the name), so runs never remove each other's.
public struct StartedRender: Codable, Sendable, Equatable {
    public static let folderName = "started"

    /// The output's path inside the output folder.
    public var output: String
    public var clip: String
    public var clipSHA256: String
    public var character: String
    public var characterSHA256: String
    public var settings: String
    /// The file at the output when the render started; nil when there was none.
    public var replacing: FileIdentity?
    /// ISO 8601, UTC.
    public var started: String

    public static func folder(outputFolder: String) -> String {
        BatchManifest.folder(outputFolder: outputFolder) + "/" + folderName
    }

    /// Where this process's record for `output` is kept.
    static func path(outputFolder: String, output: String, processID: Int32 = getpid()) -> String {
        folder(outputFolder: outputFolder) + "/" + SHA256.hexString(SHA256.hash(Array(output.utf8))) + "-\(processID).json"
    }

    /// Whether the render put its output in place: there is a file, and it is not the one the
    /// render set out to replace (a rename gives the output the new file's inode).
    public func finished(current: FileIdentity?) -> Bool {
        guard let current else { return false }
        return current != replacing
    }

    public func matches(clipSHA256: String, characterSHA256: String, settings: String) -> Bool {
        self.clipSHA256 == clipSHA256 && self.characterSHA256 == characterSHA256 && self.settings == settings
    }

    /// The manifest entry for the output this render made.
    func entry(frames: Int, bytes: Int64) -> BatchManifest.Entry {
        BatchManifest.Entry(
            output: output, clip: clip, clipSHA256: clipSHA256, character: character,
            characterSHA256: characterSHA256, settings: settings, frames: frames, bytes: bytes,
            finished: BatchManifest.timestamp())
    }

    /// Writes this process's record (whole, under a temporary name); returns its path.
    func write(outputFolder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: Self.folder(outputFolder: outputFolder), withIntermediateDirectories: true)
        let path = Self.path(outputFolder: outputFolder, output: output)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try OutputFileWriter.write(try encoder.encode(self), to: path, overwrite: true)
        return path
    }

    /// The pid in a record's file name (`<sha256>-<pid>.json`).
    static func processID(inName name: String) -> Int32? {
        guard name.hasSuffix(".json"), let dash = name.lastIndex(of: "-") else { return nil }
        return Int32(name[name.index(after: dash)...].dropLast(5))
    }

    /// Removes the records of renders that will never finish: their process has ended (as
    /// `StaleTemporaries` judges it: no such pid here, and the record `minimumAge` old) and their
    /// output is not the file they would have put in place, so there is nothing to adopt. Left
    /// alone, such a record could later vouch for a file copied to that name by someone else.
    @discardableResult
    static func sweepAbandoned(outputFolder: String, now: Date = Date()) -> [String] {
        var removed: [String] = []
        for (output, records) in all(outputFolder: outputFolder) {
            let current = FileIdentity.of(outputFolder + "/" + output)
            for (record, path) in records where !record.finished(current: current) {
                let name = (path as NSString).lastPathComponent
                guard let pid = processID(inName: name), pid > 0, StaleTemporaries.isOld(path: path, now: now),
                    kill(pid, 0) != 0, errno == ESRCH, unlink(path) == 0
                else { continue }
                removed.append(path)
            }
        }
        return removed.sorted()
    }

    /// Every record in the folder, by output, each with its file's path. Records that cannot be
    /// read are left out (at worst an output is then refused, as before there were records).
    static func all(outputFolder: String) -> [String: [(record: StartedRender, path: String)]] {
        let folder = folder(outputFolder: outputFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var records: [String: [(record: StartedRender, path: String)]] = [:]
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let path = folder + "/" + name
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)),
                let record = try? JSONDecoder().decode(StartedRender.self, from: data)
            else { continue }
            records[record.output, default: []].append((record, path))
        }
        return records
    }
}

/// A file's device and inode: which file a path names, whatever its name, size or date.
public struct FileIdentity: Codable, Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64

    /// The file at `path` (links followed, as outputs are); nil when there is none.
    public static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
