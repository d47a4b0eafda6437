/// `--face`: which of a clip's faces a command follows (faces are numbered by `MultiFaceTracker`:
/// left to right on the first frame where each appears).
public enum FaceChoice: Sendable, Equatable, CustomStringConvertible {
    /// The largest face: the one that fills most of the clip (box area summed over the frames
    /// it is followed in), so the person the camera is on wins over a passer-by.
    case largest
    /// Face N (1-based).
    case number(Int)
    /// Every face, one output each.
    case all

    /// "all", "largest", or a face number from 1.
    public init?(argument: String) {
        switch argument {
        case "all": self = .all
        case "largest": self = .largest
        default:
            guard !argument.isEmpty, argument.allSatisfy(\.isASCIIDigit), let n = Int(argument), n >= 1 else { return nil }
            self = .number(n)
        }
    }

    public var description: String {
        switch self {
        case .largest: "largest"
        case .number(let n): "\(n)"
        case .all: "all"
        }
    }

    /// Whether face `number` may be one of those chosen (so its frames must be kept).
    func mayChoose(_ number: Int) -> Bool {
        if case .number(let n) = self { return n == number }
        return true
    }

    /// The numbers chosen among the faces found in `path`, in number order.
    func numbers(in faces: [FoundFace], path: String) throws -> [Int] {
        switch self {
        case .largest:
            return FoundFace.largest(of: faces).map { [$0] } ?? []
        case .number(let n):
            guard faces.contains(where: { $0.number == n }) else {
                throw FaceChoiceError.noSuchFace(path: path, number: n, found: faces.count)
            }
            return [n]
        case .all:
            return faces.map(\.number)
        }
    }
}

/// A `--face` or `--driver-face` number the clip (or, for render's `--face`, the still) does not have.
public enum FaceChoiceError: Error, CustomStringConvertible, Equatable {
    case noSuchFace(path: String, number: Int, found: Int)
    case noSuchFaceInImage(path: String, number: Int, found: Int)

    public var description: String {
        switch self {
        case .noSuchFace(let path, let number, let found):
            "\(path): there is no face \(number): " + Self.found(found) + "; actone inspect lists them"
        case .noSuchFaceInImage(let path, let number, let found):
            "\(path): there is no face \(number): " + Self.found(found) + ", numbered left to right"
        }
    }

    static func found(_ count: Int) -> String {
        count == 1 ? "one face was found (number 1)" : "\(count) faces were found (1-\(count))"
    }
}
