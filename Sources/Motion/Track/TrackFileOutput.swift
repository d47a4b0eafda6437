import Foundation

/// A file written through a temporary file beside the target and renamed into place on `commit()`.
/// Until then the target is untouched; `abandon()` (or deinit without commit) removes the temporary
/// file. Text is buffered and flushed in blocks, so a writer never holds a whole track.
final class TrackFileOutput {
    let targetPath: String
    let temporaryPath: String
    let overwrite: Bool
    private var handle: FileHandle?
    private var buffer = Data()
    private let flushThreshold = 1 << 16
    /// Bytes written so far, buffered ones included: the offset of the next byte.
    private(set) var offset: UInt64 = 0
    private(set) var isClosed = false

    init(path: String, overwrite: Bool) throws {
        let url = URL(fileURLWithPath: path)
        targetPath = url.path
        self.overwrite = overwrite
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: targetPath, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw PoseTrackFileError(path: targetPath, "is a directory")
            }
            if !overwrite {
                throw PoseTrackFileError(path: targetPath, "already exists (use --force to overwrite)")
            }
        }
        let directory = url.deletingLastPathComponent().path
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PoseTrackFileError(path: targetPath, "the folder \(directory) does not exist")
        }
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(token).tmp").path
        guard fm.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw PoseTrackFileError(path: targetPath, "cannot create a temporary file in \(directory)")
        }
        self.handle = handle
    }

    deinit {
        if !isClosed { abandon() }
    }

    func write(_ text: String) throws {
        precondition(!isClosed, "write after commit/abandon")
        let bytes = Data(text.utf8)
        buffer.append(bytes)
        offset += UInt64(bytes.count)
        if buffer.count >= flushThreshold { try flush() }
    }

    func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw PoseTrackFileError(path: targetPath, "write failed: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Overwrites bytes already written at `position` (for fixed-width fields patched at the end).
    func patch(at position: UInt64, with text: String) throws {
        try flush()
        guard let handle else { return }
        do {
            try handle.seek(toOffset: position)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.seekToEnd()
        } catch {
            throw PoseTrackFileError(path: targetPath, "write failed: \(error.localizedDescription)")
        }
    }

    /// Flushes, closes and renames the temporary file onto the target.
    func commit() throws {
        precondition(!isClosed, "commit after commit/abandon")
        do {
            try flush()
            try handle?.synchronize()
            try handle?.close()
            handle = nil
        } catch {
            abandon()
            throw (error as? PoseTrackFileError) ?? PoseTrackFileError(path: targetPath, "write failed: \(error)")
        }
        if !overwrite && FileManager.default.fileExists(atPath: targetPath) {
            abandon()
            throw PoseTrackFileError(path: targetPath, "already exists (use --force to overwrite)")
        }
        if rename(temporaryPath, targetPath) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw PoseTrackFileError(path: targetPath, "cannot move the finished file into place: \(reason)")
        }
        isClosed = true
    }

    /// Closes and deletes the temporary file; the target is left as it was.
    func abandon() {
        guard !isClosed else { return }
        isClosed = true
        try? handle?.close()
        handle = nil
        unlink(temporaryPath)
    }
}

/// Compact decimal formatting: a fixed number of decimals, trailing zeros dropped ("0.5", "-12.25", "0").
enum CompactNumber {
    /// 10^0 … 10^12, exact in Double.
    static let powers: [Double] = (0...12).map { pow(10.0, Double($0)) }

    static func format(_ value: Double, decimals: Int) -> String {
        precondition(decimals >= 0 && decimals <= 12)
        guard value.isFinite else { return "0" }
        let scaled = (value * powers[decimals]).rounded()
        guard abs(scaled) < 9.0e15 else { return "\(value)" }
        let units = Int64(scaled)
        if units == 0 { return "0" }
        let magnitude = units.magnitude
        let divisor = UInt64(powers[decimals])
        let whole = magnitude / divisor
        var text = units < 0 ? "-\(whole)" : "\(whole)"
        if decimals > 0 {
            var fraction = String(magnitude % divisor)
            if fraction != "0" {
                fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
                while fraction.hasSuffix("0") { fraction.removeLast() }
                text += "." + fraction
            }
        }
        return text
    }

    static func format(_ value: Float, decimals: Int) -> String { format(Double(value), decimals: decimals) }
}

enum JSONText {
    /// A JSON string literal, quotes included.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
