import Foundation

/// Where `JSONTokenizer` gets its bytes: a chunk at a time, so a file of any length is read in
/// the memory of one chunk.
protocol JSONByteSource {
    /// The next bytes, at most `count`; empty at the end.
    mutating func read(upTo count: Int) throws -> [UInt8]
    /// Goes back (or forward) to byte `offset` from the start; the reader does this to read the
    /// frames of a file whose metadata comes after them.
    mutating func seek(to offset: Int) throws
}

/// A file read through a file handle.
struct FileByteSource: JSONByteSource {
    private let handle: FileHandle

    /// nil when the file cannot be opened.
    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    mutating func read(upTo count: Int) throws -> [UInt8] {
        guard let data = try handle.read(upToCount: count) else { return [] }
        return [UInt8](data)
    }

    mutating func seek(to offset: Int) throws {
        try handle.seek(toOffset: UInt64(offset))
    }
}

/// Bytes already in memory (`PoseTrackJSON.read(data:)`, and tests that cut them in small chunks).
struct DataByteSource: JSONByteSource {
    private let data: Data
    private var position = 0

    init(_ data: Data) { self.data = data }

    mutating func read(upTo count: Int) throws -> [UInt8] {
        let end = min(data.count, position + count)
        defer { position = end }
        return [UInt8](data[(data.startIndex + position)..<(data.startIndex + end)])
    }

    mutating func seek(to offset: Int) throws {
        position = min(max(0, offset), data.count)
    }
}
