import FaceGeometry
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
    /// Mouth-corner height above the nose tip (1), plus `FaceMeasures.cornerJawLever` times the
    /// nasion–chin distance: an opening jaw lowers the corners by about that share of its drop,
    /// so what is left is the corners' own rise (a smile's). Unlike `cornerLiftLeft` it does not
    /// rise when the mouth opens, which carries the lips' midpoint down with the lower lip.
    case cornerRiseLeft, cornerRiseRight
    /// Mouth-corner distance from the midline (|x|).
    case cornerOutLeft, cornerOutRight
    /// Mean height of the inner brow points above the inner eye corner.
    case browInnerLeft, browInnerRight
    /// Mean height of the outer brow points above the outer eye corner.
    case browOuterLeft, browOuterRight
    /// Sideways (x) offset of the chin: mean x of the chin and the jaw line beside it.
    case chinLateral
    /// Sideways offset of the mouth: x of the corners' midpoint.
    case mouthLateral
    /// Height of the outer upper lip between the midline and that corner.
    case upperLipLeft, upperLipRight
    /// Height of the outer upper lip on the midline (0).
    case upperLipMiddle
    /// Height of the outer lower lip between the midline and that corner, less
    /// `FaceMeasures.lowerLipJawLever` times the chin's: what is left after the jaw's own movement.
    case lowerLipLeft, lowerLipRight
    /// Height of the chin boss below the lower lip (mean of 18, 200), less the same lever times
    /// the chin's: it rises when the chin muscle pushes the lower lip up into a pout.
    case chinBoss
    /// Vertical thickness of each lip (`FaceIndex.upperLipEdges`, `.lowerLipEdges`), mean of the
    /// midline and both sides.
    case upperLipThickness, lowerLipThickness
    /// Both lips' height halfway out to the corner: outer upper lip above outer lower lip.
    case lipsHeightLeft, lipsHeightRight
    /// Depth (z, towards the camera) of the mouth corner.
    case cornerDepthLeft, cornerDepthRight
    /// Mean height of the cheek points below the eye.
    case cheekHeightLeft, cheekHeightRight
    /// Mean height of the points around the nose wing.
    case noseWingLeft, noseWingRight
    /// Face width across the cheeks: mean x distance of `FaceIndex.cheekWidthPairs`.
    case cheekWidth
}

public struct FaceMeasures: Sendable, Hashable {
    public var values: [Float]

    /// How much further than the chin point (152) a jaw rotation moves the lower lip and the chin
    /// boss. Opening the jaw turns it about the hinge in front of the ear (canonical z ≈ −0.8); the
    /// outer lower lip (z ≈ 0.12) and the chin boss (z ≈ 0.06) are ≈ 1.2–1.3 times as far in front
    /// of it as the chin point (z ≈ −0.09), less with the hinge's forward glide: on talking clips
    /// (d3, d10) the lip drops 1.1–1.3 times the chin's drop. Subtracting 1.2 × the chin's height
    /// leaves their own movement.
    public static let lowerLipJawLever = 1.2

    /// How far the mouth corners fall per unit of jaw drop without any smile: 0.42, 0.52 and 0.53
    /// (least-squares slopes of corner height on nasion–chin distance) on three real driving
    /// clips that talk, sing and pull faces without smiling.
    public static let cornerJawLever = 0.5

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
        func eyeOpen(_ e: FaceIndex.Eye) -> Float {
            Float(
                e.lidPairs.reduce(0.0) { $0 + max(h[$1.upper].y - h[$1.lower].y, 0) } / Double(e.lidPairs.count)
                    / max(dist(e.outerCorner, e.innerCorner), 1e-9))
        }
        func lowerLid(_ e: FaceIndex.Eye) -> Float {
            Float(
                e.lidPairs.reduce(0.0) { $0 + h[$1.lower].y } / Double(e.lidPairs.count)
                    - (h[e.outerCorner].y + h[e.innerCorner].y) / 2)
        }
        func meanY(_ idx: [Int]) -> Double { idx.reduce(0.0) { $0 + h[$1].y } / Double(idx.count) }
        let l = FaceIndex.leftEye, r = FaceIndex.rightEye
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
        let jawDrop = dist(FaceIndex.nasion, FaceIndex.chin)
        m[.jawDrop] = Float(jawDrop)
        m[.lipGap] = Float(max(h[FaceIndex.upperLipInner].y - h[FaceIndex.lowerLipInner].y, 0))
        m[.mouthWidth] = Float(dist(FaceIndex.mouthCornerLeft, FaceIndex.mouthCornerRight))
        let lipMid = (h[FaceIndex.upperLipInner].y + h[FaceIndex.lowerLipInner].y) / 2
        m[.cornerLiftLeft] = Float(h[FaceIndex.mouthCornerLeft].y - lipMid)
        m[.cornerLiftRight] = Float(h[FaceIndex.mouthCornerRight].y - lipMid)
        let jawShare = cornerJawLever * jawDrop
        m[.cornerRiseLeft] = Float(h[FaceIndex.mouthCornerLeft].y - h[FaceIndex.noseTip].y + jawShare)
        m[.cornerRiseRight] = Float(h[FaceIndex.mouthCornerRight].y - h[FaceIndex.noseTip].y + jawShare)
        m[.cornerOutLeft] = Float(abs(h[FaceIndex.mouthCornerLeft].x))
        m[.cornerOutRight] = Float(abs(h[FaceIndex.mouthCornerRight].x))
        m[.browInnerLeft] = Float(meanY(l.browInner) - h[l.innerCorner].y)
        m[.browInnerRight] = Float(meanY(r.browInner) - h[r.innerCorner].y)
        m[.browOuterLeft] = Float(meanY(l.browOuter) - h[l.outerCorner].y)
        m[.browOuterRight] = Float(meanY(r.browOuter) - h[r.outerCorner].y)
        measureLowerFace(head: h, into: &m)
        return m
    }

    /// The jaw, lip, cheek and nose measures.
    static func measureLowerFace(head h: [Vec3], into m: inout FaceMeasures) {
        func meanY(_ idx: [Int]) -> Double { idx.reduce(0.0) { $0 + h[$1].y } / Double(idx.count) }
        func thickness(_ edges: [(top: Int, bottom: Int)]) -> Float {
            Float(edges.reduce(0.0) { $0 + h[$1.top].y - h[$1.bottom].y } / Double(edges.count))
        }
        let l = FaceIndex.leftSide, r = FaceIndex.rightSide
        let chinY = h[FaceIndex.chin].y, lever = lowerLipJawLever
        m[.chinLateral] = Float(FaceIndex.chinAndJaw.reduce(0.0) { $0 + h[$1].x } / Double(FaceIndex.chinAndJaw.count))
        m[.mouthLateral] = Float((h[l.mouthCorner].x + h[r.mouthCorner].x) / 2)
        m[.upperLipLeft] = Float(meanY(l.upperLip))
        m[.upperLipRight] = Float(meanY(r.upperLip))
        m[.upperLipMiddle] = Float(h[FaceIndex.upperLipOuter].y)
        m[.lowerLipLeft] = Float(meanY(l.lowerLip) - lever * chinY)
        m[.lowerLipRight] = Float(meanY(r.lowerLip) - lever * chinY)
        m[.chinBoss] = Float(meanY(FaceIndex.chinBoss) - lever * chinY)
        m[.upperLipThickness] = thickness(FaceIndex.upperLipEdges)
        m[.lowerLipThickness] = thickness(FaceIndex.lowerLipEdges)
        m[.lipsHeightLeft] = Float(h[l.lipsUpper].y - h[l.lipsLower].y)
        m[.lipsHeightRight] = Float(h[r.lipsUpper].y - h[r.lipsLower].y)
        m[.cornerDepthLeft] = Float(h[l.mouthCorner].z)
        m[.cornerDepthRight] = Float(h[r.mouthCorner].z)
        m[.cheekHeightLeft] = Float(meanY(l.cheek))
        m[.cheekHeightRight] = Float(meanY(r.cheek))
        m[.noseWingLeft] = Float(meanY(l.noseWing))
        m[.noseWingRight] = Float(meanY(r.noseWing))
        let pairs = FaceIndex.cheekWidthPairs
        m[.cheekWidth] = Float(pairs.reduce(0.0) { $0 + h[$1.left].x - h[$1.right].x } / Double(pairs.count))
    }
}
