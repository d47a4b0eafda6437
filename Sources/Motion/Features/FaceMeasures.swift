import Foundation

/// Raw geometric measures of one face, taken in the head's own frame (pose undone, unit = the
/// canonical outer-eye-corner distance), which the blendshapes are normalised from.
/// "Left"/"right" are the subject's. Gaze angles are NaN when the landmarks have no irises.
public enum FaceMeasure: Int, CaseIterable, Sendable, Codable {
    /// Eye aspect ratio: mean of three upper–lower lid height differences (head-frame y, 0 when
    /// the lids cross) over the corner distance.
    case eyeOpenLeft, eyeOpenRight
    /// Lower lid height (mean of the three lower lid points) above the corners' midpoint.
    case lowerLidLeft, lowerLidRight
    /// Degrees, as `Gaze`.
    case gazeYawLeft, gazePitchLeft, gazeYawRight, gazePitchRight
    /// Nasion (168) to chin (152) distance.
    case jawDrop
    /// Inner lip gap: upper inner lip (13) height above the lower (14), 0 when they cross.
    case lipGap
    /// Mouth-corner distance (61 to 291).
    case mouthWidth
    /// Mouth-corner height above the inner lips' midpoint ((13 + 14) / 2).
    case cornerLiftLeft, cornerLiftRight
    /// Mouth-corner distance from the midline (|x|).
    case cornerOutLeft, cornerOutRight
    /// Mean height of the inner brow points above the inner eye corner.
    case browInnerLeft, browInnerRight
    /// Mean height of the outer brow points above the outer eye corner.
    case browOuterLeft, browOuterRight
}

public struct FaceMeasures: Sendable, Hashable {
    public var values: [Float]

    public init(values: [Float]) {
        precondition(values.count == FaceMeasure.allCases.count)
        self.values = values
    }

    public subscript(_ m: FaceMeasure) -> Float {
        get { values[m.rawValue] }
        set { values[m.rawValue] = newValue }
    }

    /// Measures of head-frame points (468, or 478 with irises); `gaze` fills the gaze entries.
    public static func measure(head h: [Vec3], gaze: Gaze?) -> FaceMeasures {
        var m = FaceMeasures(values: Array(repeating: .nan, count: FaceMeasure.allCases.count))
        func dist(_ a: Int, _ b: Int) -> Double { let d = h[a] - h[b]; return dot(d, d).squareRoot() }
        func eyeOpen(_ e: FaceIndices.Eye) -> Float {
            Float(e.lidPairs.reduce(0.0) { $0 + max(h[$1.upper].y - h[$1.lower].y, 0) } / Double(e.lidPairs.count)
                  / max(dist(e.outer, e.inner), 1e-9))
        }
        func lowerLid(_ e: FaceIndices.Eye) -> Float {
            Float(e.lidPairs.reduce(0.0) { $0 + h[$1.lower].y } / Double(e.lidPairs.count)
                  - (h[e.outer].y + h[e.inner].y) / 2)
        }
        func meanY(_ idx: [Int]) -> Double { idx.reduce(0.0) { $0 + h[$1].y } / Double(idx.count) }
        let l = FaceIndices.leftEye, r = FaceIndices.rightEye
        m[.eyeOpenLeft] = eyeOpen(l)
        m[.eyeOpenRight] = eyeOpen(r)
        m[.lowerLidLeft] = lowerLid(l)
        m[.lowerLidRight] = lowerLid(r)
        if let g = gaze {
            m[.gazeYawLeft] = g.leftYaw
            m[.gazePitchLeft] = g.leftPitch
            m[.gazeYawRight] = g.rightYaw
            m[.gazePitchRight] = g.rightPitch
        }
        m[.jawDrop] = Float(dist(FaceIndices.nasion, FaceIndices.chin))
        m[.lipGap] = Float(max(h[FaceIndices.upperLipInner].y - h[FaceIndices.lowerLipInner].y, 0))
        m[.mouthWidth] = Float(dist(FaceIndices.mouthCornerLeft, FaceIndices.mouthCornerRight))
        let lipMid = (h[FaceIndices.upperLipInner].y + h[FaceIndices.lowerLipInner].y) / 2
        m[.cornerLiftLeft] = Float(h[FaceIndices.mouthCornerLeft].y - lipMid)
        m[.cornerLiftRight] = Float(h[FaceIndices.mouthCornerRight].y - lipMid)
        m[.cornerOutLeft] = Float(abs(h[FaceIndices.mouthCornerLeft].x))
        m[.cornerOutRight] = Float(abs(h[FaceIndices.mouthCornerRight].x))
        m[.browInnerLeft] = Float(meanY(l.browInner) - h[l.inner].y)
        m[.browInnerRight] = Float(meanY(r.browInner) - h[r.inner].y)
        m[.browOuterLeft] = Float(meanY(l.browOuter) - h[l.outer].y)
        m[.browOuterRight] = Float(meanY(r.browOuter) - h[r.outer].y)
        return m
    }
}
