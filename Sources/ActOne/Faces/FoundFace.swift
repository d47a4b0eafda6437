import FaceTracking
import Imaging

/// One face of a clip as `inspect` lists it and `--face` chooses it.
public struct FoundFace: Sendable, Equatable, Encodable {
    /// A box in whole pixels.
    public struct Box: Sendable, Equatable, Encodable, CustomStringConvertible {
        public var x: Int, y: Int, width: Int, height: Int
        public var description: String { "\(x),\(y),\(width),\(height)" }
    }

    public var number: Int
    /// The first frame it is followed in (0-based, as `inspect` numbers frames).
    public var firstFrame: Int
    /// Its landmarks' bounding box on that frame, cut to the picture.
    public var box: Box
    /// Frames it was followed in.
    public var frames: Int
    /// Its box's area summed over those frames, in pixels: what "largest" compares.
    var coverage: Double

    enum CodingKeys: String, CodingKey { case number, firstFrame, box, frames }

    /// The face that fills most of the clip; the lower number on a tie.
    static func largest(of faces: [FoundFace]) -> Int? {
        faces.max { $0.coverage < $1.coverage || ($0.coverage == $1.coverage && $0.number > $1.number) }?.number
    }
}

/// The faces of a clip, gathered frame by frame as they are tracked.
struct FaceRoster {
    let width: Int, height: Int
    private var found: [Int: FoundFace] = [:]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// In number order.
    var faces: [FoundFace] { found.values.sorted { $0.number < $1.number } }

    mutating func add(frame: Int, faces: [FollowedFace]) {
        for face in faces {
            let area = Double(max(0, face.box.width)) * Double(max(0, face.box.height))
            if found[face.number] == nil {
                found[face.number] = FoundFace(number: face.number, firstFrame: frame, box: pixelBox(face.box), frames: 0, coverage: 0)
            }
            found[face.number]!.frames += 1
            found[face.number]!.coverage += area
        }
    }

    /// The box cut to the picture and rounded out to whole pixels.
    func pixelBox(_ box: Rect) -> FoundFace.Box {
        func clamp(_ v: Float, _ limit: Int) -> Int {
            guard v.isFinite else { return 0 }
            return Int(min(max(v, 0), Float(limit)))
        }
        let x0 = clamp(box.minX.rounded(.down), width), y0 = clamp(box.minY.rounded(.down), height)
        let x1 = clamp(box.maxX.rounded(.up), width), y1 = clamp(box.maxY.rounded(.up), height)
        return FoundFace.Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}
