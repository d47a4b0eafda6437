/// The element types TFLite files declare for tensors (the schema's TensorType). Only float32
/// flows between ops at run time; float16 and int32 appear as constants (weights, shapes).
public enum ElementType: Sendable, Hashable, CustomStringConvertible {
    case float32, float16, int32, uint8, int64, bool, int16, int8, float64
    /// A type code this runtime has no name for.
    case other(Int8)

    /// From the schema's TensorType code.
    public init(code: Int8) {
        switch code {
        case 0: self = .float32
        case 1: self = .float16
        case 2: self = .int32
        case 3: self = .uint8
        case 4: self = .int64
        case 6: self = .bool
        case 7: self = .int16
        case 9: self = .int8
        case 10: self = .float64
        default: self = .other(code)
        }
    }

    /// Bytes per element, or nil for types this runtime cannot size.
    public var byteCount: Int? {
        switch self {
        case .float32, .int32: 4
        case .float16, .int16: 2
        case .uint8, .int8, .bool: 1
        case .int64, .float64: 8
        case .other: nil
        }
    }

    public var description: String {
        switch self {
        case .float32: "FLOAT32"
        case .float16: "FLOAT16"
        case .int32: "INT32"
        case .uint8: "UINT8"
        case .int64: "INT64"
        case .bool: "BOOL"
        case .int16: "INT16"
        case .int8: "INT8"
        case .float64: "FLOAT64"
        case .other(let code): "type \(code)"
        }
    }
}
