// make-performance: the project's own scripted performance as a pose track (Scripts/make-performance).
//
// Starts from the 478 landmarks that actone's still-image analysis finds on a portrait
// (Samples/character.jpg) and moves them frame by frame in the head's own frame (pose undone,
// canonical units: outer eye corners 1 apart, x to the image's right, y up, z towards the
// camera), then places them back in the portrait's pixels, turned about the head's centre for
// the head moves. Every frame's head pose, gaze and blendshapes come from Motion's
// MotionEstimator run on those landmarks, as `actone track` does, so the file is a complete
// track that `actone render`, `actone inspect` and the track readers take as they are.
//
// The script (25 fps, 6.4 s, 160 frames), all eased:
//   0.00–1.00 s  neutral
//   1.00–1.30    a blink: the upper lids come down onto the lower ones and go back up
//   1.45–2.55    a smile: the mouth corners up and out, the lips and cheeks around them following,
//                the lips parting a little
//   2.60–3.80    talking: the jaw swings open about its hinge four times (5–10°), the lower lip,
//                chin and jaw line with it, weighted by where they are below the mouth
//   3.85–4.75    a look to the subject's left, then right (the irises move within the eyes)
//   4.70–5.60    the head turns 15° to the subject's left, then 15° to the right, then back
//   5.55–5.95    a nod (10° down, a little up, level)
//   5.95–6.40    neutral
//
// Deterministic: the same portrait and models give the same bytes (the file's `created` is fixed).
//   make-performance CHARACTER.jpg OUT.track.json [--models DIR]
import ActOne
import FaceGeometry
import FaceTracking
import Foundation
import Motion

let frameRate = 25
let frameCount = 160
/// Fixed so that the output is reproducible; the day the script was written.
let createdStamp = "2026-11-21T00:00:00Z"

// MARK: - Arguments

var positional: [String] = []
var modelsDirectory: String?
var argumentIterator = CommandLine.arguments.dropFirst().makeIterator()
while let argument = argumentIterator.next() {
    if argument == "--models" {
        modelsDirectory = argumentIterator.next()
    } else {
        positional.append(argument)
    }
}
guard positional.count == 2 else {
    FileHandle.standardError.write(Data("usage: make-performance CHARACTER.jpg OUT.track.json [--models DIR]\n".utf8))
    exit(2)
}
let characterPath = positional[0], outputPath = positional[1]

// MARK: - Easing

/// 0 before `a`, 1 after `b`, smootherstep between (zero velocity and acceleration at both ends).
func ease(_ t: Double, _ a: Double, _ b: Double) -> Double {
    let x = min(max((t - a) / (b - a), 0), 1)
    return x * x * x * (x * (x * 6 - 15) + 10)
}

/// Rises over `a…b`, holds, falls over `c…d`: 0 outside `a…d`, 1 on `b…c`.
func envelope(_ t: Double, _ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
    ease(t, a, b) * (1 - ease(t, c, d))
}

/// A smooth bump centred on `centre`, `halfWidth` either side (a Hann window), 1 at the centre.
func bump(_ t: Double, centre: Double, halfWidth: Double) -> Double {
    let x = (t - centre) / halfWidth
    guard abs(x) < 1 else { return 0 }
    let c = cos(x * Double.pi / 2)
    return c * c
}

/// Goes through `keys` (time, value), easing from each to the next; holds the ends.
func keyed(_ t: Double, _ keys: [(Double, Double)]) -> Double {
    guard t > keys[0].0 else { return keys[0].1 }
    for (from, to) in zip(keys, keys.dropFirst()) where t <= to.0 {
        return from.1 + (to.1 - from.1) * ease(t, from.0, to.0)
    }
    return keys[keys.count - 1].1
}

// MARK: - The script

struct Performance {
    var blink = 0.0  // 0 open … 1 closed
    var smile = 0.0  // 0 … 1
    var jaw = 0.0  // jaw opening, degrees
    var look = 0.0  // −1 the subject's right … +1 the subject's left
    var yaw = 0.0, pitch = 0.0  // degrees, as HeadPose

    static func at(_ t: Double) -> Performance {
        var p = Performance()
        // A blink of 0.3 s: closing fast (0.1 s), closed briefly, opening more slowly.
        p.blink = envelope(t, 1.00, 1.10, 1.14, 1.30)
        p.smile = envelope(t, 1.45, 1.80, 2.20, 2.55)
        // Four syllables, the jaw closing between them.
        let syllables: [(centre: Double, degrees: Double)] = [(2.74, 7), (3.00, 10), (3.26, 5), (3.56, 9)]
        p.jaw = syllables.reduce(0) { $0 + $1.degrees * bump(t, centre: $1.centre, halfWidth: 0.13) }
        p.look = keyed(t, [(3.85, 0), (4.05, 1), (4.20, 1), (4.45, -1), (4.55, -1), (4.75, 0)])
        p.yaw = keyed(t, [(4.70, 0), (4.95, 15), (5.05, 15), (5.35, -15), (5.42, -15), (5.62, 0)])
        p.pitch = keyed(t, [(5.55, 0), (5.72, -10), (5.86, 3), (5.95, 0)])
        return p
    }
}

// MARK: - Regions of the face (MediaPipe indices)

/// The lips as MediaPipe's attention model refines them: four rings, each a lower half from
/// corner to corner (11 points) and an upper half between the corners (9 points).
let lipRings = stride(from: 0, to: MeshTopology.lipsRefinement.count, by: 20).map {
    Array(MeshTopology.lipsRefinement[$0..<$0 + 20])
}
let lipCorners = Set(lipRings.flatMap { [$0[0], $0[10]] })
let lowerLip = Set(lipRings.flatMap { $0[1..<10] })
let upperLip = Set(lipRings.flatMap { $0[11..<20] })
/// Eye contours, lid skin and irises: moved only by the blink and the look.
let eyePoints = Set(FaceIndex.eyes.flatMap { $0.all + $0.iris })

// MARK: - Moving the landmarks in the head frame

/// The smile: each mouth corner up, out and a little back, lips and cheeks near it following
/// (a Gaussian falloff with the distance from the corner), the cheeks lifting, the lips parting.
func applySmile(_ s: Double, to head: inout [Vec3], neutral n: [Vec3]) {
    guard s > 0 else { return }
    let corners = [(index: FaceIndex.mouthCornerLeft, side: 1.0), (index: FaceIndex.mouthCornerRight, side: -1.0)]
    let halfWidth = abs(n[FaceIndex.mouthCornerLeft].x - n[FaceIndex.mouthCornerRight].x) / 2
    for i in 0..<468 where !eyePoints.contains(i) {
        var d = Vec3(repeating: 0)
        for corner in corners {
            let c = n[corner.index]
            let dx = n[i].x - c.x, dy = n[i].y - c.y
            let w = exp(-(dx * dx + dy * dy) / (2 * 0.11 * 0.11))
            d += w * Vec3(0.045 * corner.side, 0.06, -0.03)
            // The cheek above and outside the corner lifts.
            let cx = n[i].x - (c.x + 0.12 * corner.side), cy = n[i].y - (c.y + 0.22)
            d += exp(-(cx * cx + cy * cy) / (2 * 0.13 * 0.13)) * Vec3(0.01 * corner.side, 0.025, 0.01)
        }
        // Lips part a little in the middle (teeth show), less towards the corners.
        let middle = max(0, 1 - (n[i].x / halfWidth) * (n[i].x / halfWidth))
        if upperLip.contains(i) { d.y += 0.012 * middle }
        if lowerLip.contains(i) { d.y -= 0.018 * middle }
        head[i] += s * d
    }
}

/// The jaw swings open by `degrees` about a hinge in front of the ears: the chin, the jaw line,
/// the lower lip and the skin below the mouth go with it, each by a weight that falls off
/// towards the mouth line (upper lip and everything above: 0).
func applyJaw(_ degrees: Double, to head: inout [Vec3], neutral n: [Vec3]) {
    guard degrees > 0 else { return }
    let hinge = Vec3(0, 0.05, -0.9)
    let a = degrees * Double.pi / 180
    let cornerLevel = (n[FaceIndex.mouthCornerLeft].y + n[FaceIndex.mouthCornerRight].y) / 2
    let halfWidth = abs(n[FaceIndex.mouthCornerLeft].x - n[FaceIndex.mouthCornerRight].x) / 2
    for i in 0..<468 where !eyePoints.contains(i) && !upperLip.contains(i) {
        let w: Double
        if lipCorners.contains(i) {
            w = 0.5
        } else if lowerLip.contains(i) {
            let x = min(abs(n[i].x) / halfWidth, 1)
            w = 1 - 0.6 * x * x
        } else {
            let below = (cornerLevel + 0.01 - n[i].y) / 0.13
            let x = min(max(below, 0), 1)
            w = x * x * (3 - 2 * x)
        }
        guard w > 0 else { continue }
        // Rotation about the x axis through the hinge: the chin goes down and back.
        let r = head[i] - hinge
        let c = cos(a * w), s = sin(a * w)
        head[i] = hinge + Vec3(r.x, c * r.y - s * r.z, s * r.y + c * r.z)
    }
}

/// Upper lids come down onto the lower lids (meeting a tenth of the way up from the lower lid),
/// the lid skin above and below following by half.
func applyBlink(_ b: Double, to head: inout [Vec3], neutral n: [Vec3]) {
    guard b > 0 else { return }
    for eye in FaceIndex.eyes {
        for j in eye.upperLid.indices {
            let upper = n[eye.upperLid[j]], lower = n[eye.lowerLid[j]]
            let gap = upper - lower
            let upperMove = -0.9 * b * gap, lowerMove = 0.1 * b * gap
            head[eye.upperLid[j]] += upperMove
            head[eye.lowerLid[j]] += lowerMove
            head[eye.upperRing[j]] += 0.5 * upperMove
            head[eye.lowerRing[j]] += 0.5 * lowerMove
        }
    }
}

/// Both irises shift sideways within the eyes by `look` × 0.15 of the eye's width.
func applyLook(_ look: Double, to head: inout [Vec3], neutral n: [Vec3]) {
    guard look != 0 else { return }
    for eye in FaceIndex.eyes {
        let width = vectorLength(n[eye.outerCorner] - n[eye.innerCorner])
        let shift = Vec3(look * 0.15 * width, 0, 0)
        for i in eye.iris { head[i] += shift }
    }
}

func vectorLength(_ v: Vec3) -> Double { (v * v).sum().squareRoot() }

// MARK: - Main

do {
    let models = try FaceModelFiles(modelsDirectory: modelsDirectory)
    let analysis = try CharacterAnalysis.analyse(path: characterPath, hint: .none, models: models)
    let still = analysis.face
    let neutral = still.head
    /// The head turns about a point inside the skull, behind and a little below the face's
    /// centroid (the canonical origin), so a turn also carries the face sideways as a real one does.
    let pivot = still.transform.apply(Vec3(0, -0.2, -0.8))

    var points: [[LandmarkPoint]] = []
    for index in 0..<frameCount {
        let t = Double(index) / Double(frameRate)
        let p = Performance.at(t)
        var head = neutral
        applySmile(p.smile, to: &head, neutral: neutral)
        applyJaw(p.jaw, to: &head, neutral: neutral)
        applyBlink(p.blink, to: &head, neutral: neutral)
        applyLook(p.look, to: &head, neutral: neutral)
        // Into the portrait's (flipped) pixel frame, then turned about the pivot in camera axes,
        // so the pose estimator reads back yaw and pitch relative to the still exactly.
        let turn = HeadPoseEstimator.rotation(yaw: p.yaw, pitch: p.pitch, roll: 0)
        points.append(
            head.map { h in
                let q = still.transform.apply(h)
                return HeadFrame.landmark(pivot + turn * (q - pivot))
            })
    }

    // Pose, gaze and blendshapes as `actone track` makes them: estimate every frame, find the
    // neutral over all of them (all frames here have a face), then gaze and blendshapes against it.
    let estimator = MotionEstimator()
    let estimates = points.map { estimator.estimate(points: $0) }
    var restFaces = NeutralCalibration()
    for e in estimates { restFaces.add(e.measures) }
    let calibration = PerformanceCalibration(restFaces)
    let frames = zip(points, estimates).enumerated().map { index, pair in
        let calibrated = calibration.calibrate(pair.1)
        return FrameMotion(
            index: index, time: Double(index) / Double(frameRate), faceFound: true, confidence: 1,
            pose: pair.1.pose, gaze: calibrated.gaze, blendshapes: calibrated.blendshapes,
            landmarks: pair.0)
    }
    let metadata = TrackMetadata(
        sourceName: URL(fileURLWithPath: characterPath).lastPathComponent,
        width: analysis.image.width, height: analysis.image.height,
        frameRateNumerator: frameRate, frameRateDenominator: 1,
        frameCount: frameCount, duration: Double(frameCount) / Double(frameRate),
        toolName: "make-performance", toolVersion: ActOneVersion.string,
        modelChecksums: Dictionary(uniqueKeysWithValues: FaceModelFiles.used.map { ($0.fileName, $0.expectedSHA256) }),
        landmarkCount: 478, created: createdStamp)
    try PoseTrackJSON.write(path: outputPath, metadata: metadata, frames: frames, overwrite: true)

    // A line per stretch of the script, to check it reads back as intended.
    func describe(_ label: String, _ index: Int) {
        let f = frames[index]
        func v(_ b: Blendshape) -> String { String(format: "%.2f", f.value(b)) }
        print(
            label.padding(toLength: 8, withPad: " ", startingAt: 0)
                + String(
                    format: "frame %3d  yaw %6.1f pitch %6.1f  gaze yaw %5.1f", index,
                    f.pose!.yaw, f.pose!.pitch, f.gaze!.leftYaw),
            "blink \(v(.eyeBlinkLeft))/\(v(.eyeBlinkRight)) smile \(v(.mouthSmileLeft))/\(v(.mouthSmileRight)) jawOpen \(v(.jawOpen))")
    }
    for (label, index) in [
        ("neutral", 10), ("blink", 28), ("smile", 50), ("talk", 75), ("left", 103),
        ("right", 112), ("turn+", 125), ("turn-", 134), ("nod", 143), ("end", 155),
    ] {
        describe(label, index)
    }
} catch {
    FileHandle.standardError.write(Data("make-performance: \(error)\n".utf8))
    exit(1)
}
