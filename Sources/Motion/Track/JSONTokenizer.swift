import Foundation

/// A byte-level JSON reader over a `JSONByteSource`, one chunk in memory at a time.
///
/// The pose-track reader walks the top level and the `frames` array itself (`peek`, `consume`,
/// `parseString`) and asks for whole values (`parseValue`) only for the metadata and one frame
/// at a time. Syntax errors are `PoseTrackFileError`s "line N: not JSON (…)", with the line
/// counted as the bytes go by.
final class JSONTokenizer {
    /// Arrays and objects nested deeper than this are refused rather than recursed into.
    static let maximumDepth = 64
    /// A longer string is refused: no field of a track needs one, and a file of one huge string
    /// would otherwise be read whole into memory.
    static let maximumStringBytes = 1 << 20

    private var source: JSONByteSource
    private let chunkSize: Int
    private var chunk: [UInt8] = []
    private var index = 0
    /// The file offset of `chunk[0]`.
    private var chunkStart = 0
    /// The line of the next byte (1-based).
    private(set) var line = 1
    /// The line of the last byte that was not whitespace: where a truncated file ends.
    private var lastContentLine = 1
    private var scratch: [UInt8] = []

    init(source: JSONByteSource, chunkSize: Int = 1 << 20) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
    }

    /// The file offset of the next byte.
    var offset: Int { chunkStart + index }

    /// Continues reading at `offset`, which is on `line` (both from an earlier `offset`/`line`).
    func seek(to offset: Int, line: Int) throws {
        try source.seek(to: offset)
        chunk = []
        index = 0
        chunkStart = offset
        self.line = line
        lastContentLine = line
    }

    // MARK: - Bytes

    private func refill() throws -> Bool {
        chunkStart += chunk.count
        index = 0
        chunk = try source.read(upTo: chunkSize)
        return !chunk.isEmpty
    }

    /// The next byte without consuming it; nil at the end of the file.
    @inline(__always) private func peekByte() throws -> UInt8? {
        if index < chunk.count { return chunk[index] }
        return try refill() ? chunk[index] : nil
    }

    /// The next byte, consumed; a truncation error at the end of the file.
    @inline(__always) private func nextByte() throws -> UInt8 {
        if index >= chunk.count, !(try refill()) { throw truncated() }
        defer { index += 1 }
        return chunk[index]
    }

    /// Skips whitespace and returns the next byte without consuming it; nil at the end.
    func peek() throws -> UInt8? {
        lastContentLine = line
        while let byte = try peekByte() {
            switch byte {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1
            default: return byte
            }
        }
        return nil
    }

    /// Skips whitespace and consumes `byte`, or fails naming what was expected.
    func consume(_ byte: UInt8, _ what: String) throws {
        guard let next = try peek() else { throw truncated() }
        guard next == byte else { throw syntaxError("expected \(what), found \(Self.shown(next))") }
        index += 1
    }

    /// After the top-level value: only whitespace may follow.
    func expectEnd() throws {
        if let next = try peek() { throw syntaxError("\(Self.shown(next)) after the end of the JSON") }
    }

    // MARK: - Errors

    func syntaxError(_ detail: String) -> PoseTrackFileError {
        PoseTrackFileError("line \(line): not JSON (\(detail))")
    }

    func truncated() -> PoseTrackFileError {
        if offset == 0 && chunk.isEmpty { return PoseTrackFileError("line 1: not JSON (the file is empty)") }
        return PoseTrackFileError("line \(lastContentLine): not JSON: the file is truncated (it ends before the JSON is complete)")
    }

    private static func shown(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "byte 0x%02X", byte)
    }

    // MARK: - Values

    /// The next whole value (after whitespace). With `discard` its syntax is checked but nothing
    /// is kept (`.null` comes back): for values the reader skips, however large.
    func parseValue(depth: Int = 0, discard: Bool = false) throws -> JSONValue {
        guard let byte = try peek() else { throw truncated() }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1, discard: discard)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1, discard: discard)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw syntaxError("unexpected \(Self.shown(byte))")
        }
    }

    private func parseObject(depth: Int, discard: Bool) throws -> JSONValue {
        guard depth <= Self.maximumDepth else { throw syntaxError("nested more than \(Self.maximumDepth) deep") }
        index += 1
        var object: [String: JSONValue] = [:]
        if try peek() == UInt8(ascii: "}") { index += 1; return .object(object) }
        while true {
            guard let next = try peek() else { throw truncated() }
            guard next == UInt8(ascii: "\"") else { throw syntaxError("expected a key in quotes, found \(Self.shown(next))") }
            let key = try parseString()
            try consume(UInt8(ascii: ":"), "':'")
            let value = try parseValue(depth: depth, discard: discard)
            if !discard { object[key] = value }
            guard let after = try peek() else { throw truncated() }
            index += 1
            if after == UInt8(ascii: "}") { return discard ? .null : .object(object) }
            guard after == UInt8(ascii: ",") else { index -= 1; throw syntaxError("expected ',' or '}', found \(Self.shown(after))") }
        }
    }

    private func parseArray(depth: Int, discard: Bool) throws -> JSONValue {
        guard depth <= Self.maximumDepth else { throw syntaxError("nested more than \(Self.maximumDepth) deep") }
        index += 1
        var array: [JSONValue] = []
        if try peek() == UInt8(ascii: "]") { index += 1; return .array(array) }
        while true {
            let value = try parseValue(depth: depth, discard: discard)
            if !discard { array.append(value) }
            guard let after = try peek() else { throw truncated() }
            index += 1
            if after == UInt8(ascii: "]") { return discard ? .null : .array(array) }
            guard after == UInt8(ascii: ",") else { index -= 1; throw syntaxError("expected ',' or ']', found \(Self.shown(after))") }
        }
    }

    private func literal(_ word: StaticString) throws {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for expected in bytes {
            let byte = try nextByte()
            guard byte == expected else { index -= 1; throw syntaxError("unexpected \(Self.shown(byte))") }
        }
    }

    /// A string (the next byte is its opening quote), escapes decoded; it must be valid UTF-8.
    func parseString() throws -> String {
        index += 1
        scratch.removeAll(keepingCapacity: true)
        while true {
            let byte = try nextByte()
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scratch, as: UTF8.self) else { throw syntaxError("a string that is not UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw syntaxError("a control character inside a string (it must be escaped)")
            default:
                scratch.append(byte)
            }
            guard scratch.count <= Self.maximumStringBytes else { throw syntaxError("a string longer than 1 MB") }
        }
    }

    private func parseEscape() throws {
        let byte = try nextByte()
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var value = try hex4()
            if (0xD800..<0xDC00).contains(value) {
                // A high surrogate must be followed by an escaped low one: together one scalar.
                guard try nextByte() == UInt8(ascii: "\\"), try nextByte() == UInt8(ascii: "u") else {
                    throw syntaxError("a lone UTF-16 surrogate in a \\u escape")
                }
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw syntaxError("a lone UTF-16 surrogate in a \\u escape") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw syntaxError("a lone UTF-16 surrogate in a \\u escape") }
            scratch.append(contentsOf: String(scalar).utf8)
        default:
            throw syntaxError("an unknown escape \\\(Self.shown(byte)) in a string")
        }
    }

    private func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try nextByte()
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntaxError("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// 10^0 … 10^22, each exact in a Double.
    private static let exactPowers: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// A number (the next byte starts it) in JSON's grammar. Up to 15 significant digits with a
    /// small exponent are computed exactly here (one rounding, as strtod would); others go to
    /// strtod. Past Double's range the result is ±infinity, for the field to refuse.
    func parseNumber() throws -> Double {
        scratch.removeAll(keepingCapacity: true)
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var negative = false
        func digits(fraction: Bool) throws -> Int {
            var count = 0
            while let byte = try peekByte(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                index += 1
                scratch.append(byte)
                count += 1
                if significantDigits > 0 || byte != UInt8(ascii: "0") {
                    significantDigits += 1
                    if significantDigits <= 19 {
                        mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                    } else if !fraction {
                        exponent += 1
                    }
                    if fraction && significantDigits <= 19 { exponent -= 1 }
                } else if fraction {
                    exponent -= 1
                }
            }
            return count
        }
        if try peekByte() == UInt8(ascii: "-") { index += 1; scratch.append(UInt8(ascii: "-")); negative = true }
        let first = try peekByte()
        let integerDigits = try digits(fraction: false)
        guard integerDigits > 0 else { throw first == nil ? truncated() : syntaxError("a '-' without digits") }
        guard !(integerDigits > 1 && first == UInt8(ascii: "0")) else { throw syntaxError("a number with a leading zero") }
        if try peekByte() == UInt8(ascii: ".") {
            index += 1
            scratch.append(UInt8(ascii: "."))
            guard try digits(fraction: true) > 0 else { throw syntaxError("a '.' without digits after it") }
        }
        if let e = try peekByte(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            index += 1
            scratch.append(e)
            var written = 0
            var writtenNegative = false
            if let sign = try peekByte(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                index += 1
                scratch.append(sign)
                writtenNegative = sign == UInt8(ascii: "-")
            }
            var count = 0
            while let byte = try peekByte(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                index += 1
                scratch.append(byte)
                count += 1
                written = min(written * 10 + Int(byte - UInt8(ascii: "0")), 100_000)
            }
            guard count > 0 else { throw syntaxError("an exponent without digits") }
            exponent += writtenNegative ? -written : written
        }
        if significantDigits <= 15, abs(exponent) <= 22 {
            let magnitude =
                exponent >= 0
                ? Double(mantissa) * Self.exactPowers[exponent]
                : Double(mantissa) / Self.exactPowers[-exponent]
            return negative ? -magnitude : magnitude
        }
        scratch.append(0)
        return scratch.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strtod($0.baseAddress!, nil) }
        }
    }
}
