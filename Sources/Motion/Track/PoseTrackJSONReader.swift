import FaceGeometry
import Foundation

/// Reads a `.track.json` a frame at a time, in the memory of one chunk of the file and one frame,
/// whatever the track's length.
///
/// `init` reads up to the first frame and checks the header (format, version, metadata,
/// blendshapeNames); `next()` returns the frames in file order, each checked, then nil once the
/// file has been read to its end and its frame count checked. The top-level keys may come in any
/// order: when the frames come before the metadata, they are skipped over once to find it, then
/// read from where they start. Every error is a `PoseTrackFileError` naming the file and the
/// field, frame or line.
public final class PoseTrackJSONReader {
    public let metadata: TrackMetadata
    /// The file, for errors; nil when reading bytes in memory.
    public let path: String?
    /// Frames returned so far.
    public private(set) var framesRead = 0

    private let tokenizer: JSONTokenizer
    private var state: State

    private enum State {
        /// Reading the frames; `resumeAfter` says whether the rest of the top-level object still
        /// has to be read after them (it was read already when the frames were skipped over).
        case frames(resumeAfter: Bool)
        case finished
    }

    /// The fields that must be known before a frame can be checked.
    private static let headerKeys = ["format", "version", "metadata", "blendshapeNames"]

    /// Opens `path` and reads its header.
    public convenience init(path: String, chunkSize: Int = 1 << 20) throws {
        guard let source = FileByteSource(path: path) else { throw PoseTrackFileError(path: path, "cannot read the file") }
        try self.init(source: source, path: path, chunkSize: chunkSize)
    }

    /// Reads the header of a track in memory (`chunkSize` small only to test chunk boundaries).
    public convenience init(data: Data, chunkSize: Int = 1 << 20) throws {
        try self.init(source: DataByteSource(data), path: nil, chunkSize: chunkSize)
    }

    private init(source: JSONByteSource, path: String?, chunkSize: Int) throws {
        self.path = path
        let tokenizer = JSONTokenizer(source: source, chunkSize: chunkSize)
        self.tokenizer = tokenizer
        (metadata, state) = try Self.located(path) { try Self.openFrames(tokenizer) }
    }

    /// The next frame, or nil after the last.
    public func next() throws -> FrameMotion? {
        do {
            return try Self.located(path) { try nextFrame() }
        } catch {
            state = .finished  // nothing after a broken frame can be trusted
            throw error
        }
    }

    /// Calls `body` with each frame in turn.
    public func forEach(_ body: (FrameMotion) throws -> Void) throws {
        while let frame = try next() { try body(frame) }
    }

    // MARK: - Reading

    /// Reads the top level up to the start of the frames and checks the header.
    private static func openFrames(_ tokenizer: JSONTokenizer) throws -> (TrackMetadata, State) {
        guard let first = try tokenizer.peek() else { throw tokenizer.truncated() }
        guard first == UInt8(ascii: "{") else {
            _ = try tokenizer.parseValue()
            throw PoseTrackFileError("line 1: not a JSON object")
        }
        try tokenizer.consume(UInt8(ascii: "{"), "'{'")
        var header: [String: JSONValue] = [:]
        var skippedFrames: (offset: Int, line: Int)?
        if try tokenizer.peek() == UInt8(ascii: "}") {
            try tokenizer.consume(UInt8(ascii: "}"), "'}'")
        } else {
            repeat {
                let key = try key(tokenizer)
                if key == "frames", skippedFrames == nil {
                    if headerKeys.allSatisfy({ header[$0] != nil }) {
                        let metadata = try PoseTrackJSONDecoding.header(header)
                        try startFrames(tokenizer)
                        return (metadata, .frames(resumeAfter: true))
                    }
                    skippedFrames = (tokenizer.offset, tokenizer.line)
                    try skipFrames(tokenizer)
                } else if headerKeys.contains(key) {
                    header[key] = try tokenizer.parseValue(depth: 1)
                } else {
                    // Other keys (a repeated "frames" too) are checked as JSON but not kept.
                    _ = try tokenizer.parseValue(depth: 1, discard: true)
                }
            } while try memberFollows(tokenizer)
        }
        try tokenizer.expectEnd()
        let metadata = try PoseTrackJSONDecoding.header(header)
        guard let skippedFrames else { throw PoseTrackFileError("frames missing") }
        try tokenizer.seek(to: skippedFrames.offset, line: skippedFrames.line)
        try startFrames(tokenizer)
        return (metadata, .frames(resumeAfter: false))
    }

    /// A member's key and its colon.
    private static func key(_ tokenizer: JSONTokenizer) throws -> String {
        guard let next = try tokenizer.peek() else { throw tokenizer.truncated() }
        guard next == UInt8(ascii: "\"") else { throw tokenizer.syntaxError("expected a key in quotes") }
        let key = try tokenizer.parseString()
        try tokenizer.consume(UInt8(ascii: ":"), "':'")
        return key
    }

    /// After a member of the top-level object: true at a comma, false at its closing brace.
    private static func memberFollows(_ tokenizer: JSONTokenizer) throws -> Bool {
        guard let next = try tokenizer.peek() else { throw tokenizer.truncated() }
        if next == UInt8(ascii: ",") { try tokenizer.consume(next, "','"); return true }
        try tokenizer.consume(UInt8(ascii: "}"), "',' or '}'")
        return false
    }

    /// Consumes the `[` of the frames array, or fails as the whole-file reader did for a
    /// `frames` that is null or not an array.
    private static func startFrames(_ tokenizer: JSONTokenizer) throws {
        guard let next = try tokenizer.peek() else { throw tokenizer.truncated() }
        guard next == UInt8(ascii: "[") else {
            let value = try tokenizer.parseValue(depth: 1)
            throw PoseTrackFileError(value.isNull ? "frames missing" : "frames is not an array")
        }
        try tokenizer.consume(next, "'['")
    }

    /// Reads over the frames array (syntax checked, nothing kept) to reach what follows it.
    private static func skipFrames(_ tokenizer: JSONTokenizer) throws {
        guard try tokenizer.peek() == UInt8(ascii: "[") else {
            _ = try tokenizer.parseValue(depth: 1, discard: true)
            return
        }
        try startFrames(tokenizer)
        var first = true
        while try frameFollows(tokenizer, first: first) {
            _ = try tokenizer.parseValue(depth: 2, discard: true)
            first = false
        }
    }

    /// Before a frame: true when one follows, false (with the `]` consumed) at the end of the array.
    private static func frameFollows(_ tokenizer: JSONTokenizer, first: Bool) throws -> Bool {
        guard let next = try tokenizer.peek() else { throw tokenizer.truncated() }
        if next == UInt8(ascii: "]") { try tokenizer.consume(next, "']'"); return false }
        if !first, next == UInt8(ascii: ",") {
            try tokenizer.consume(next, "','")
            return true
        }
        guard first else { throw tokenizer.syntaxError("expected ',' or ']' after a frame") }
        return true
    }

    private func nextFrame() throws -> FrameMotion? {
        guard case .frames(let resumeAfter) = state else { return nil }
        guard try Self.frameFollows(tokenizer, first: framesRead == 0) else {
            state = .finished
            if resumeAfter {
                // The rest of the top-level object: keys after the frames are read and ignored
                // (the header was complete before them).
                while try Self.memberFollows(tokenizer) {
                    _ = try Self.key(tokenizer)
                    _ = try tokenizer.parseValue(depth: 1, discard: true)
                }
                try tokenizer.expectEnd()
            }
            guard framesRead == metadata.frameCount else {
                throw PoseTrackFileError("metadata.frameCount is \(metadata.frameCount) but frames has \(framesRead) entries")
            }
            return nil
        }
        let value = try tokenizer.parseValue(depth: 2)
        let frame = try PoseTrackJSONDecoding.frame(value, position: framesRead, landmarkCount: metadata.landmarkCount)
        framesRead += 1
        return frame
    }

    /// Runs `body`, giving its errors the file's path; an error reading the file itself is
    /// "cannot read the file".
    private static func located<T>(_ path: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as PoseTrackFileError {
            if error.path == nil { error.path = path }
            throw error
        } catch {
            throw PoseTrackFileError(path: path, "cannot read the file")
        }
    }
}
