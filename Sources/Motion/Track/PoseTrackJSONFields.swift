/// Typed access to a JSON object's fields with errors that name the field ("frame 3: pose.yaw is
/// not a number"), and the range checks every number of a track passes.
struct PoseTrackJSONFields {
    let object: [String: JSONValue]
    /// Where the object is in the file, e.g. "metadata." or "pose.".
    let path: String
    /// Before the path, e.g. "frame 3: ".
    var prefix: String = ""

    init(_ object: [String: JSONValue], path: String, prefix: String = "") {
        self.object = object
        self.path = path
        self.prefix = prefix
    }

    func fail(_ key: String, _ problem: String) -> PoseTrackFileError {
        PoseTrackFileError("\(prefix)\(path)\(key) \(problem)")
    }

    func has(_ key: String) -> Bool { object[key].map { !$0.isNull } ?? false }

    private func value(_ key: String) throws -> JSONValue {
        guard let v = object[key], !v.isNull else { throw fail(key, "missing") }
        return v
    }

    func string(_ key: String) throws -> String {
        guard let s = try value(key).string else { throw fail(key, "is not a string") }
        return s
    }

    /// A finite number; one past Double's range (1e400) is out of range, not infinity.
    func double(_ key: String) throws -> Double {
        guard let d = try value(key).number else { throw fail(key, "is not a number") }
        guard d.isFinite else { throw fail(key, "is out of range (too large for a number)") }
        return d
    }

    /// A number that fits a Float: 1e300 is refused rather than becoming infinity.
    func float(_ key: String) throws -> Float {
        let d = try double(key)
        guard let f = PoseTrackJSONFields.float(d) else { throw fail(key, "is out of range (\(d))") }
        return f
    }

    /// A Float, or nil when `d` is beyond Float's range.
    static func float(_ d: Double) -> Float? {
        abs(d) <= Double(Float.greatestFiniteMagnitude) ? Float(d) : nil
    }

    func int(_ key: String) throws -> Int {
        guard let d = try value(key).number, d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else {
            throw fail(key, "is not an integer")
        }
        return Int(d)
    }

    /// An integer in `range`, else an error giving the range.
    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int {
        let n = try int(key)
        guard range.contains(n) else { throw fail(key, "is \(n), expected \(range.lowerBound) to \(range.upperBound)") }
        return n
    }

    func bool(_ key: String) throws -> Bool {
        guard case .bool(let b) = try value(key) else { throw fail(key, "is not true or false") }
        return b
    }

    func object(_ key: String) throws -> [String: JSONValue] {
        guard let o = try value(key).object else { throw fail(key, "is not an object") }
        return o
    }

    func optionalObject(_ key: String) throws -> [String: JSONValue]? {
        guard let v = object[key], !v.isNull else { return nil }
        guard let o = v.object else { throw fail(key, "is not an object or null") }
        return o
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let a = try value(key).array else { throw fail(key, "is not an array") }
        return a
    }

    func optionalArray(_ key: String) throws -> [JSONValue]? {
        guard let v = object[key], !v.isNull else { return nil }
        guard let a = v.array else { throw fail(key, "is not an array") }
        return a
    }
}
