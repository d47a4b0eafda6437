import FaceGeometry
import Foundation

/// The character's landmarks for one driver frame, and the head transform they were placed with.
public struct RetargetedFace: Sendable {
    /// 478 points in the character image's pixels (MediaPipe order and z convention).
    public var landmarks: [LandmarkPoint]
    /// The character's head transform for this frame (canonical head frame → flipped image).
    public var transform: SimilarityTransform

    public init(landmarks: [LandmarkPoint], transform: SimilarityTransform) {
        self.landmarks = landmarks
        self.transform = transform
    }
}

/// Puts a driver's performance on a character, relative to a reference frame of the driver.
///
/// Everything happens in the head's own frame (pose undone, canonical units, so faces of any
/// size compare): each landmark's change from the driver's reference frame is added to the
/// character's own landmark (sideways lip and cheek changes scaled by the ratio of mouth widths,
/// brow changes by `browGain`), so the character keeps its proportions and only the change is
/// transferred. Eyelids are not moved by
/// deltas but by the driver's openness ratio (`EyelidModel`), so a blink closes big cartoon eyes
/// fully; irises move by the driver's iris offset in eye widths. Then the driver's head rotation
/// relative to the reference is applied to the character's pose in 3D, with translation and
/// scale following in proportion.
public struct Retargeter: Sendable {
    public let character: CharacterFace
    public let settings: RetargetSettings
    let pose: HeadPoseEstimator
    let reference: DriverFace
    /// The region each of the 478 points belongs to.
    let regionOf: [AnimatedRegion]
    /// Character mouth width / driver mouth width (head frame): scales the sideways part of
    /// lower-face changes (a smile's widening), so a narrow mouth is not stretched beyond its
    /// lips. Heights are not scaled: a jaw drops about the same share of any face.
    let mouthScale: Double
    /// Brow changes are transferred this much larger. A warped brow carries none of the
    /// forehead folds and lid stretch of a real raise, and reads as about half its drawn size: at
    /// 1× the re-tracked output's browInnerUp had a mean gain of 0.52 against the driver's over
    /// 18 character × driver pairs (`Scripts/eval-render`), at 1.4× 0.65 (mean r 0.847 → 0.862).
    public static let browGain = 1.4
    /// Per eye (`FaceIndex.eyes` order): the character's brow height above that eye over the
    /// driver's in the reference frame (`browHeight`), so a raise lifts the character's brow by
    /// the same share of its brow-to-eye distance as the driver's: a cartoon with brows high
    /// above its eyes raises them further, one with low brows less, instead of by the same
    /// distance in head units. Clamped like `mouthScale`.
    let browScale: [Double]
    /// How much of its expression change each point takes: 0 on the face outline above the
    /// mouth (temples, cheek edges), whose landmarks slide along the silhouette as a head turns
    /// rather than moving with the face, and would fold the far cheek; 1 elsewhere.
    let expressionWeight: [Double]

    /// Per point: the mouth corner whose sideways change the point takes, and how much of it
    /// (`cornerFollowShares`); nil for all but the skin just beyond the corners.
    let cornerFollow: [(corner: Int, share: Double)?]

    /// The driver's lid gaps (per `FaceIndex.eyes`, as `DriverFace.eyeOpening`) at which the
    /// character's eyes are as drawn.
    let eyeReference: [Double]

    /// - Parameter driverEyeOpenings: the driver's usual open-eye lid gaps
    ///   (`typicalEyeOpenings`); nil: the reference frame's. A single frame may catch a squint or
    ///   a turned head whose lids read narrow, and every later frame would then look wide or shut.
    public init(
        character: CharacterFace, driverReference: [LandmarkPoint], settings: RetargetSettings = RetargetSettings(),
        pose: HeadPoseEstimator = HeadPoseEstimator(), driverEyeOpenings: [Double]? = nil
    ) {
        precondition(driverReference.count == 478, "retargeting needs the driver's 478 refined landmarks")
        self.character = character
        self.settings = settings
        self.pose = pose
        reference = DriverFace(driverReference, pose: pose)
        eyeReference =
            driverEyeOpenings.flatMap { $0.count == FaceIndex.eyes.count ? $0 : nil }
            ?? FaceIndex.eyes.map { [reference] in reference.eyeOpening($0) }
        regionOf = Self.regions()
        expressionWeight = Self.expressionWeights()
        cornerFollow = Self.cornerFollowShares()
        let mouth = { (h: [Vec3]) in vectorLength(h[FaceIndex.mouthCornerLeft] - h[FaceIndex.mouthCornerRight]) }
        let ratio = mouth(character.head) / max(mouth(reference.head), 1e-6)
        // A cartoon mouth may be much wider or narrower; beyond 2x the deltas stop looking like lips.
        mouthScale = min(max(ratio, 0.5), 2)
        browScale = FaceIndex.eyes.map { [reference] eye in
            let ratio = Self.browHeight(eye, head: character.head) / max(Self.browHeight(eye, head: reference.head), 1e-6)
            return ratio.isFinite && ratio > 0 ? min(max(ratio, 0.5), 2) : 1
        }
    }

    /// The character's landmarks giving the driver's frame `driver` (478 points in the driver's pixels).
    public func retarget(_ driver: [LandmarkPoint]) -> RetargetedFace {
        retarget(driver, onto: character, mouthRest: nil, holdSkull: false)
    }

    /// The driver's frame on a character that moves on its own (a frame of a character clip):
    /// `character` is this frame's face, and everything is relative to it, the head's pose
    /// included (unless the settings animate `.pose`, which turns it further by the driver's).
    ///
    /// - Parameters:
    ///   - mouthRest: the character's calm face. Animated mouth points then start from its
    ///     shape, carried into this frame's head, instead of from this frame's own: a character
    ///     that talks in its clip says the driver's words, not its own with the driver's on top.
    ///   - eyeRest: the character's calm face. Each eye then opens to the calm face's opening
    ///     times the driver's (`eyeRestRange`), instead of this frame's own times the driver's:
    ///     a clip's person who half-closes their eyes for seconds, or widens them, would otherwise
    ///     keep doing so under the driver's blinks (latentsync x d10: dlib read the output's
    ///     eyes as 0.20 x the driver's + 0.30 x the clip's own).
    ///   - holdSkull: the points that move with the skull (`FaceIndex.skull`: forehead, temples, nose,
    ///     eye corners) stay where the frame has them. What the driver's head fit leaves on them
    ///     is mostly its error, and on a clip that keeps its own pose it would nod and tilt the
    ///     face with the driver's (the eye line's angle, the nose against the eyes).
    public func retarget(
        _ driver: [LandmarkPoint], onto character: CharacterFace, mouthRest: CharacterFace?,
        eyeRest: CharacterFace? = nil, holdSkull: Bool = true
    ) -> RetargetedFace {
        let d = DriverFace(driver, pose: pose)
        let k = Double(settings.expressionScale)
        var head = character.head
        for i in head.indices {
            let region = regionOf[i]
            guard region != .eyes, region != .gaze, settings.regions.contains(region) else { continue }
            if holdSkull && Self.isSkullPoint[i] { continue }
            var delta = d.head[i] - reference.head[i]
            switch region {
            case .mouth:
                delta.x *= mouthScale
                if let follow = cornerFollow[i] {
                    let corner = (d.head[follow.corner].x - reference.head[follow.corner].x) * mouthScale
                    delta.x += follow.share * (corner - delta.x)
                }
                // Not scaled by `expressionScale`: that scales the driver's expression, and the
                // character's own mouth movement is replaced whatever its size.
                if let mouthRest { head[i] += expressionWeight[i] * (mouthRest.head[i] - character.head[i]) }
            case .brows:
                delta *= Self.browGain
                // Points right of the face's midline (head x > 0) are over the image's right eye.
                delta.y *= browScale[character.head[i].x > 0 ? 1 : 0]
            default: break
            }
            head[i] += k * expressionWeight[i] * delta
        }
        for (e, eye) in FaceIndex.eyes.enumerated() {
            let cornerDelta =
                settings.regions.contains(.eyes) && !holdSkull
                ? k
                    * ((d.head[eye.outerCorner] - reference.head[eye.outerCorner])
                        + (d.head[eye.innerCorner] - reference.head[eye.innerCorner])) / 2
                : Vec3(repeating: 0)
            if settings.regions.contains(.eyes) {
                let openness = d.eyeOpening(eye) / max(eyeReference[e], 1e-6)
                var opening = EyelidModel.opening(relative: openness, scale: k)
                if let eyeRest {
                    opening = EyelidModel.factor(forGap: opening * Self.restShare(eye, rest: eyeRest, frame: character))
                }
                EyelidModel.place(eye, character: character.head, into: &head, opening: opening, shift: cornerDelta)
            }
            var irisShift = cornerDelta
            if settings.regions.contains(.gaze) {
                let offset = d.irisOffset(eye) - reference.irisOffset(eye)
                let width = vectorLength(character.head[eye.outerCorner] - character.head[eye.innerCorner])
                irisShift += k * width * Vec3(offset.x, offset.y, 0)
            }
            for i in eye.iris { head[i] = character.head[i] + irisShift }
        }

        let transform = headTransform(driver: d, character: character.transform)
        let landmarks = head.map { HeadFrame.landmark(transform.apply($0)) }
        return RetargetedFace(landmarks: landmarks, transform: transform)
    }

    /// The driver's usual open-eye lid gap per eye (`FaceIndex.eyes` order) over `frames` (nil
    /// entries have no face): the same quantile the tracker's neutral takes
    /// (`NeutralCalibration.eyeOpeningQuantile`), so blinks, squints and lowered lids do not pull
    /// it down; nil when no frame has a face.
    public static func typicalEyeOpenings(_ frames: [[LandmarkPoint]?], pose: HeadPoseEstimator = HeadPoseEstimator()) -> [Double]? {
        let faces = frames.compactMap { $0.map { DriverFace($0, pose: pose) } }
        guard !faces.isEmpty else { return nil }
        return FaceIndex.eyes.map { eye in
            let openings = faces.map { $0.eyeOpening(eye) }.sorted()
            return NeutralCalibration.quantile(NeutralCalibration.eyeOpeningQuantile, ofSorted: openings)
        }
    }

    /// The character's head transform: its still pose turned by the driver's rotation since the
    /// reference, moved and scaled in proportion (all times `poseScale`).
    func headTransform(driver d: DriverFace, character base: SimilarityTransform) -> SimilarityTransform {
        var t = base
        guard settings.regions.contains(.pose), settings.poseScale != 0 else { return t }
        let p = Double(settings.poseScale)
        let relative = d.transform.rotation * reference.transform.rotation.transposed
        let angles = HeadPoseEstimator.eulerDegrees(relative)
        let scaled = HeadPoseEstimator.rotation(yaw: angles.yaw * p, pitch: angles.pitch * p, roll: angles.roll * p)
        // Rotate about the character's head centre (the canonical origin), which stays put.
        t.rotation = scaled * base.rotation
        t.scale = base.scale * pow(d.transform.scale / reference.transform.scale, p)
        let pixels = base.scale / reference.transform.scale
        let moved = (d.transform.translation - reference.transform.translation) * pixels * p
        t.translation = base.translation + Vec3(moved.x, moved.y, 0)
        return t
    }

    /// How far a frame's lids may be opened or narrowed towards the calm face's (`eyeRest`), as a
    /// multiple of the frame's own opening. Beyond 1.4 an eye the clip has nearly shut would be
    /// stretched open (`OpenEyes` puts an open eye in before that); below 0.5 a wide-eyed frame
    /// would look squeezed.
    static let eyeRestRange = 0.5...1.4

    /// The calm face's opening of `eye` over the frame's, within `eyeRestRange` (1 when the
    /// frame's lids touch: nothing to scale).
    static func restShare(_ eye: FaceIndex.Eye, rest: CharacterFace, frame: CharacterFace) -> Double {
        let own = frame.eyeOpening(eye)
        guard own > 1e-6 else { return 1 }
        return min(max(rest.eyeOpening(eye) / own, eyeRestRange.lowerBound), eyeRestRange.upperBound)
    }

    /// How far the brow over `eye` sits above the eye's corners (head frame y, canonical units):
    /// the mean height of its inner and outer brow points over the corners' midpoint.
    static func browHeight(_ eye: FaceIndex.Eye, head: [Vec3]) -> Double {
        let brow = eye.browInner + eye.browOuter
        let browY = brow.map { head[$0].y }.reduce(0, +) / Double(brow.count)
        return browY - (head[eye.outerCorner].y + head[eye.innerCorner].y) / 2
    }

    /// Per landmark: whether it moves with the skull and not with expressions (`FaceIndex.skull`).
    static let isSkullPoint: [Bool] = (0..<478).map { Set(FaceIndex.skull).contains($0) }

    static func expressionWeights() -> [Double] {
        let canonical = CanonicalFace.points
        let mouthLevel = (canonical[FaceIndex.mouthCornerLeft].y + canonical[FaceIndex.mouthCornerRight].y) / 2
        var weights = [Double](repeating: 1, count: 478)
        for i in FaceIndex.faceOval where canonical[i].y > mouthLevel { weights[i] = 0 }
        return weights
    }

    /// How far beyond a mouth corner the skin moves sideways with it, as a share of the mouth's
    /// width (canonical face): all of the corner's change at the corner, none from here on.
    static let cornerFollowReach = 0.35

    /// The skin just beyond each mouth corner (outwards of it, within `cornerFollowReach`) takes
    /// the corner's sideways change, by a share falling from 1 at the corner to 0 at the reach.
    /// The mesh's corner points lie a little inside the lips' visible corners, and the triangles
    /// beyond them, stretched between a corner that moves and cheek points that move less,
    /// carried the visible corner only part of the way: on d0's smiles dlib saw the output's
    /// mouth widen by 0.55-0.83 of what actone's own mesh, re-tracked on it, measured.
    static func cornerFollowShares() -> [(corner: Int, share: Double)?] {
        let canonical = CanonicalFace.points
        let corners = [FaceIndex.mouthCornerLeft, FaceIndex.mouthCornerRight]
        let width = vectorLength(canonical[corners[0]] - canonical[corners[1]])
        let reach = cornerFollowReach * width
        let mid = (canonical[corners[0]].x + canonical[corners[1]].x) / 2
        return (0..<478).map { i -> (corner: Int, share: Double)? in
            guard i < 468, !corners.contains(i) else { return nil }
            for c in corners {
                let outwards = (canonical[c].x - mid) >= 0 ? 1.0 : -1.0
                guard (canonical[i].x - canonical[c].x) * outwards > 0 else { continue }
                let d = vectorLength(canonical[i] - canonical[c])
                if d < reach { return (c, 1 - d / reach) }
            }
            return nil
        }
    }

    /// Which region each point belongs to, from the canonical face: irises (gaze), eye contours
    /// and lid skin (eyes), everything above the eyes (brows and forehead), the rest (mouth:
    /// lips, jaw, cheeks, nose).
    static func regions() -> [AnimatedRegion] {
        let canonical = CanonicalFace.points
        let eyeLevel =
            [FaceIndex.rightEye.outerCorner, FaceIndex.rightEye.innerCorner, FaceIndex.leftEye.outerCorner, FaceIndex.leftEye.innerCorner]
            .map { canonical[$0].y }.reduce(0, +) / 4
        // Brow territory starts a little above the eye corners (the upper lid skin ring is eyes).
        let browLevel = eyeLevel + 0.12
        var regions = (0..<478).map { i -> AnimatedRegion in
            i >= 468 ? .gaze : (canonical[i].y > browLevel ? .brows : .mouth)
        }
        for eye in FaceIndex.eyes { for i in eye.all { regions[i] = .eyes } }
        return regions
    }
}

/// The driver's landmarks in its head frame, with the eye measures retargeting needs.
struct DriverFace: Sendable {
    let transform: SimilarityTransform
    let head: [Vec3]

    init(_ points: [LandmarkPoint], pose: HeadPoseEstimator) {
        transform = pose.fit(points)
        head = points.map { [transform] p in transform.inverse(HeadFrame.flipped(p)) }
    }

    /// Mean lid gap of the three middle lid pairs over the corner distance (0 when the lids touch).
    func eyeOpening(_ eye: FaceIndex.Eye) -> Double { CharacterFace.eyeOpening(eye, head: head) }

    /// The iris centre's offset from the corners' midpoint, in corner distances (head frame x, y).
    func irisOffset(_ eye: FaceIndex.Eye) -> SIMD2<Double> {
        let mid = (head[eye.outerCorner] + head[eye.innerCorner]) / 2
        let width = max(vectorLength(head[eye.outerCorner] - head[eye.innerCorner]), 1e-9)
        let offset = (head[eye.iris[0]] - mid) / width
        return SIMD2(offset.x, offset.y)
    }
}

/// Eyelids placed by openness, so the character blinks fully whatever the size of its eyes.
enum EyelidModel {
    /// Where closed lids meet, as a fraction of the lid gap above the lower lid: the upper lid
    /// does most of the travel in a blink.
    static let meetingFraction = 0.2
    /// The driver's eye is fully closed when it has lost this fraction of its reference opening
    /// (the mesh never quite brings the lids together).
    static let fullClosureLoss = 0.75
    /// Widest opening, relative to the character's own.
    static let maximumOpening = 1.4

    /// The character's opening relative to its still image (0 closed, 1 as drawn, > 1 wide), from
    /// the driver's opening relative to its reference frame.
    static func opening(relative openness: Double, scale k: Double) -> Double {
        if openness < 1 {
            let closure = min(max((1 - openness) / fullClosureLoss * k, 0), 1)
            return 1 - closure
        }
        return min(1 + (openness - 1) * k, maximumOpening)
    }

    /// The `opening` to `place` an eye with so that its lid gap becomes `gap` times its own: an
    /// eye opened wider keeps its lower lid, so the gap grows by the upper lid's share only.
    static func factor(forGap gap: Double) -> Double {
        gap <= 1 ? gap : (gap - meetingFraction) / (1 - meetingFraction)
    }

    /// Moves the lid points (and, by half as much, the skin ring beyond each lid) of `eye` in
    /// `head` so the opening is `opening` times the character's, all shifted by `shift`.
    static func place(
        _ eye: FaceIndex.Eye, character c: [Vec3], into head: inout [Vec3],
        opening f: Double, shift: Vec3
    ) {
        head[eye.outerCorner] = c[eye.outerCorner] + shift
        head[eye.innerCorner] = c[eye.innerCorner] + shift
        for j in eye.upperLid.indices {
            let upper = c[eye.upperLid[j]] + shift, lower = c[eye.lowerLid[j]] + shift
            let meet = lower + meetingFraction * (upper - lower)
            let newUpper = meet + (upper - meet) * f
            let newLower = meet + (lower - meet) * min(f, 1)
            head[eye.upperLid[j]] = newUpper
            head[eye.lowerLid[j]] = newLower
            head[eye.upperRing[j]] = c[eye.upperRing[j]] + shift + 0.5 * (newUpper - upper)
            head[eye.lowerRing[j]] = c[eye.lowerRing[j]] + shift + 0.5 * (newLower - lower)
        }
    }
}

@inline(__always) func vectorLength(_ v: Vec3) -> Double { (v * v).sum().squareRoot() }
